// The intake wizard's own building blocks: step save, local autosave, duplicates, eligibility.
import { Alert, Anchor, Badge, Button, Checkbox, Group, List, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useController, type Control, type FieldPath, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import type { ApiError } from '../../../src-shared/api';
import type { DraftView, Duplicate, IntakeStep, StepInput } from '../../../src-shared/api/intake';
import { toApiError, useClient } from '../../app/client';
import { useSession } from '../../app/session';
import { Digits } from '../../components/Digits';
import { useLocale } from '../../i18n/locale';

export interface StepProps {
  draft: DraftView;
  /** Saves this step and moves to the next one. */
  onSaved: (view: DraftView) => void;
  goBack: () => void;
}

/** Checkbox bound to a boolean form field. */
export function CheckField<T extends FieldValues>({ control, name, label, disabled }: { control: Control<T, unknown, any>; name: FieldPath<T>; label: string; disabled?: boolean }) {
  const { message } = useLocale();
  const { field, fieldState } = useController({ control, name });
  return (
    <Checkbox
      ref={field.ref}
      name={field.name}
      checked={!!field.value}
      onChange={(e) => field.onChange(e.currentTarget.checked)}
      onBlur={field.onBlur}
      label={label}
      disabled={disabled}
      error={message(fieldState.error?.message)}
    />
  );
}

/** Yes / no as two radio buttons (arrow keys move between them). */
export function YesNoField<T extends FieldValues>({ control, name, label, description }: { control: Control<T, unknown, any>; name: FieldPath<T>; label: string; description?: string }) {
  const { t, message } = useLocale();
  const { field, fieldState } = useController({ control, name });
  const value = field.value === true ? 'yes' : field.value === false ? 'no' : '';
  return (
    <Radio.Group label={label} description={description} value={value} onChange={(v) => field.onChange(v === 'yes')} error={message(fieldState.error?.message)} name={field.name}>
      <Group mt="xs">
        <Radio value="yes" label={t('common.yes')} ref={field.ref} />
        <Radio value="no" label={t('common.no')} />
      </Group>
    </Radio.Group>
  );
}

export function TextAreaField<T extends FieldValues>({ control, name, label, description }: { control: Control<T, unknown, any>; name: FieldPath<T>; label: string; description?: string }) {
  const { message } = useLocale();
  const { field, fieldState } = useController({ control, name });
  return <Textarea {...field} value={(field.value as string | undefined) ?? ''} label={label} description={description} error={message(fieldState.error?.message)} autosize minRows={2} />;
}

const STORAGE_PREFIX = 'karaDesk.intake.';

/**
 * Nothing typed is lost: the form's values are kept in this computer's storage as they are
 * typed and restored when the clerk comes back, until the step is saved. Secrets never are.
 */
export function useLocalDraft<T extends FieldValues>(form: UseFormReturn<T, unknown, any>, key: string, omit: readonly string[] = []): { restored: boolean; clear: () => void } {
  const storageKey = STORAGE_PREFIX + key;
  const [restored, setRestored] = useState(false);
  const loaded = useRef(false);
  useEffect(() => {
    if (loaded.current) return;
    loaded.current = true;
    try {
      const raw = localStorage.getItem(storageKey);
      if (raw) {
        const values = JSON.parse(raw) as Record<string, unknown>;
        for (const [k, v] of Object.entries(values)) form.setValue(k as Path<T>, v as never, { shouldDirty: true });
        setRestored(true);
      }
    } catch {
      // A broken entry is dropped; the form keeps what the server has.
      localStorage.removeItem(storageKey);
    }
  }, [form, storageKey]);
  useEffect(() => {
    // watch() reports only changes the clerk (or a restore) made, so every call is worth keeping.
    const subscription = form.watch((values) => {
      const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !omit.includes(k)));
      try {
        localStorage.setItem(storageKey, JSON.stringify(kept));
      } catch {
        // Storage full or unavailable: the server copy is still saved at each step.
      }
    });
    return () => subscription.unsubscribe();
  }, [form, storageKey, omit]);
  const clear = useCallback(() => {
    try {
      localStorage.removeItem(storageKey);
    } catch {
      /* nothing to clear */
    }
  }, [storageKey]);
  return { restored, clear };
}

/** Puts a server error on the form's own field (`data.x` → `x`); returns the rest for the alert. */
export function placeError<T extends FieldValues>(form: UseFormReturn<T, unknown, any>, error: ApiError): ApiError | null {
  const known = new Set(Object.keys(form.getValues()));
  const details = error.details as { issues?: Array<{ field: string; message: string }> } | undefined;
  const issues = error.code === 'validation' && Array.isArray(details?.issues) ? details.issues : error.field ? [{ field: error.field, message: error.message }] : [];
  const placed = issues.map((i) => ({ ...i, field: i.field.replace(/^data\.(permit\.)?/, '') })).filter((i) => known.has(i.field));
  placed.forEach((i, index) => form.setError(i.field as Path<T>, { type: 'server', message: i.message }, { shouldFocus: index === 0 }));
  return placed.length && error.code === 'validation' ? null : placed.length ? null : error;
}

/** Submits one step through `intake.saveStep`, errors on their fields, duplicates kept for the screen. */
export function useStepSave<T extends FieldValues, U>(form: UseFormReturn<T, unknown, U>, draft: DraftView, toData: (values: U) => StepInput, onSaved: (v: DraftView) => void, clear?: () => void) {
  const client = useClient();
  const { getLocale } = useLocale();
  const { handleSessionError } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      const view = await client.call('intake.saveStep', { caseId: draft.case.id, expectedVersion: draft.case.version, data: toData(values) as never });
      clear?.();
      onSaved(view);
    } catch (caught) {
      const apiError = toApiError(caught, getLocale());
      if (handleSessionError(apiError)) return;
      if (apiError.code === 'conflict' && duplicatesOf(apiError)) {
        setError(apiError);
        return;
      }
      setError(placeError(form, apiError));
    }
  });
  return { onSubmit, error, setError };
}

export function duplicatesOf(error: ApiError | null): Duplicate[] | null {
  const d = (error?.details as { duplicates?: Duplicate[] } | undefined)?.duplicates;
  return Array.isArray(d) ? d : null;
}

/** The existing cases that stop a step, with links to this office's ones. */
export function DuplicatesAlert({ duplicates, children }: { duplicates: Duplicate[]; children?: ReactNode }) {
  const { t } = useLocale();
  return (
    <Alert color="orange" variant="light" role="alert" title={t('intake.duplicate.title')}>
      <Stack gap="xs">
        <Text size="sm">{t('intake.duplicate.found')}</Text>
        <List size="sm">
          {duplicates.map((d, i) => (
            <List.Item key={i}>
              {t(`intake.duplicate.match.${d.match}`)} — {t(`intake.duplicate.source.${d.source}`)} —{' '}
              {d.trackingCode ? <Digits value={d.trackingCode} /> : t('intake.duplicate.noTracking')}
              {d.stage ? ` — ${t(`stage.${d.stage}`)}` : ''}
              {d.caseId && d.source === 'office' && (
                <>
                  {' '}
                  <Anchor href={d.stage === 'draft' || d.stage === 'returned' ? `#/intake/case/${d.caseId}/identity` : `#/intake/receipt/${d.caseId}`}>{t('intake.duplicate.open')}</Anchor>
                </>
              )}
            </List.Item>
          ))}
        </List>
        {children}
      </Stack>
    </Alert>
  );
}

export function EligibilityBadge({ status }: { status: DraftView['workshop'] extends infer W ? (W extends { eligibility: infer E } ? E : never) : never }) {
  const { t } = useLocale();
  const color = status === 'eligible' || status === 'overridden' ? AA.green : status === 'ineligible' ? AA.red : AA.orange;
  return (
    <Badge color={color} variant="filled" size="lg" data-testid="eligibility">
      {t(`intake.eligibility.${status}`)}
    </Badge>
  );
}

/**
 * A press on a step button leaves the focus in the field: leaving the field would show its
 * error above the buttons and move them from under the pointer before the button is released,
 * and the click would be lost. Continue checks every field anyway; keys are unaffected.
 */
const keepFieldFocus = (e: MouseEvent) => e.preventDefault();

export function StepButtons({ onBack, submitLabel, busy, extra }: { onBack?: () => void; submitLabel?: string; busy?: boolean; extra?: ReactNode }) {
  const { t } = useLocale();
  return (
    <Group justify="space-between" mt="md">
      {onBack ? (
        <Button variant="default" onClick={onBack} onMouseDown={keepFieldFocus} type="button">
          {t('intake.back')}
        </Button>
      ) : (
        <span />
      )}
      <Group>
        {extra}
        <Button type="submit" loading={busy} onMouseDown={keepFieldFocus}>
          {submitLabel ?? t('intake.continue')}
        </Button>
      </Group>
    </Group>
  );
}

export const STEP_KEYS: Record<IntakeStep | 'receipt', string> = {
  rules: 'intake.step.rules', identity: 'intake.step.identity', account: 'intake.step.account', personal: 'intake.step.personal',
  workshop: 'intake.step.workshop', workshopDetails: 'intake.step.workshopDetails', activity: 'intake.step.activity',
  permits: 'intake.step.permits', bankBranch: 'intake.step.bankBranch', review: 'intake.step.review', receipt: 'intake.step.receipt',
};

export function StepTitle({ children }: { children: ReactNode }) {
  return (
    <Title order={2} id="intake-step-title" tabIndex={-1} style={{ outline: 'none' }}>
      {children}
    </Title>
  );
}

export function RestoredNotice({ restored }: { restored: boolean }) {
  const { t } = useLocale();
  return restored ? (
    <Alert role="status" color="blue" variant="light">
      {t('intake.restored')}
    </Alert>
  ) : null;
}

/** Badge colours dark enough for white text (and for outline text on white): WCAG AA at badge size. */
export const AA = { green: '#1b5e20', red: '#a51111', orange: '#8a4100', blue: '#0b4f8a', gray: '#495057' } as const;
