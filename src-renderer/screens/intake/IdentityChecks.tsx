import type { Control, FieldPath } from 'react-hook-form';
import type { ApiError, OutputOf } from '../../../src-shared/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/Field';
import { useLocale } from '../../i18n/locale';
import { CheckField, DuplicatesAlert, duplicatesOf, TextAreaField } from './kit';
import { RegistryCard } from './RegistryCard';

interface IdentityValues {
  mobile: string;
  registryVerified: boolean;
  duplicateReason: string;
}

/**
 * What the clerk checks of an applicant's identity, on a new registration and on a draft's
 * identity step alike: the mobile, the registry's record beside the ID card, and — when the
 * server found the same person or workshop elsewhere — the duplicates and the reason to go on.
 */
export function IdentityChecks<T extends IdentityValues>({ control, registry, error }: {
  control: Control<T, unknown, any>;
  registry: OutputOf<'intake.registryLookup'> | undefined;
  error: ApiError | null;
}) {
  const { t } = useLocale();
  const duplicates = duplicatesOf(error);
  const name = (field: keyof IdentityValues) => field as FieldPath<T>;
  return (
    <>
      <TextField control={control} name={name('mobile')} label={t('intake.identity.mobile')} description={t('intake.identity.mobileHint')} dir="ltr" inputMode="numeric" autoComplete="off" />
      {registry !== undefined && <RegistryCard registry={registry} />}
      <CheckField control={control} name={name('registryVerified')} label={t('intake.identity.registryVerified')} />
      {duplicates && (
        <DuplicatesAlert duplicates={duplicates}>
          <TextAreaField control={control} name={name('duplicateReason')} label={t('intake.duplicate.reason')} />
        </DuplicatesAlert>
      )}
      {!duplicates && <ErrorAlert error={error} />}
    </>
  );
}
