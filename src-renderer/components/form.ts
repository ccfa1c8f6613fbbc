import { useMemo, useState } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver, type UseFormReturn } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import type { ApiError } from '../../src-shared/api';
import { toApiError } from '../app/client';
import { useSession } from '../app/session';
import { useLocale } from '../i18n/locale';

// Checks the contract names carry i18n keys; zod's own messages (length limits) come from its
// locale, so they too appear in the user's language.
const zodLocales = { fa: z.locales.fa(), en: z.locales.en() };

export type ZodForm<S extends z.ZodType<FieldValues, FieldValues>> = UseFormReturn<z.input<S>, unknown, z.output<S>>;

/**
 * react-hook-form validated by a contract schema (or one extended from it). Fields are checked
 * when left ('onTouched'); a search box passes 'onSubmit', since leaving it empty (to press
 * another button) is no mistake.
 */
export function useZodForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  defaultValues: DefaultValues<z.input<S>>,
  mode: 'onTouched' | 'onSubmit' = 'onTouched',
): ZodForm<S> {
  const { getLocale } = useLocale();
  const resolver = useMemo(
    () =>
      ((values, context, options) =>
        zodResolver(schema, { error: zodLocales[getLocale()].localeError })(values, context, options)) as Resolver<z.input<S>, unknown, z.output<S>>,
    [schema, getLocale],
  );
  return useForm<z.input<S>, unknown, z.output<S>>({ resolver, defaultValues, mode });
}

interface SubmitOptions {
  /** Auth screens run without a session, so 'unauthenticated' there means a wrong password, not an expired session. */
  guardSession?: boolean;
}

/**
 * Submits through `action`; a server error naming a field of this form is shown on that
 * field, any other error in the form's alert.
 */
export function useApiSubmit<T extends FieldValues, U>(
  form: UseFormReturn<T, unknown, U>,
  action: (values: U) => Promise<void>,
  { guardSession = true }: SubmitOptions = {},
) {
  const { getLocale } = useLocale();
  const { handleSessionError } = useSession();
  const [formError, setFormError] = useState<ApiError | null>(null);

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await action(values);
    } catch (caught) {
      const error = toApiError(caught, getLocale());
      if (guardSession && handleSessionError(error)) return;
      if (!showOnFields(form, error)) setFormError(error);
    }
  });

  return { onSubmit, formError, clearFormError: () => setFormError(null) };
}

function showOnFields<T extends FieldValues, U>(form: UseFormReturn<T, unknown, U>, error: ApiError): boolean {
  const known = new Set(Object.keys(form.getValues()));
  const issues = validationIssues(error) ?? (error.field ? [{ field: error.field, message: error.message }] : []);
  const onFields = issues.filter((i) => known.has(i.field));
  if (onFields.length === 0) return false;
  onFields.forEach((issue, index) =>
    form.setError(issue.field as Path<T>, { type: 'server', message: issue.message }, { shouldFocus: index === 0 }),
  );
  return true;
}

function validationIssues(error: ApiError): { field: string; message: string }[] | undefined {
  const details = error.details as { issues?: unknown } | undefined;
  if (error.code !== 'validation' || !Array.isArray(details?.issues)) return undefined;
  return details.issues.filter(
    (i): i is { field: string; message: string } => typeof i?.field === 'string' && typeof i?.message === 'string',
  );
}
