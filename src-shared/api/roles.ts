export const ROLES = ['intake', 'agency_reviewer', 'branch_officer', 'supervisor', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const OFFICE_KINDS = ['intake', 'agency', 'branch', 'central'] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

/** Which office kinds a role may belong to. */
export const ROLE_OFFICE_KINDS: Record<Role, readonly OfficeKind[]> = {
  intake: ['intake'],
  agency_reviewer: ['agency'],
  branch_officer: ['branch'],
  supervisor: ['intake', 'agency', 'branch', 'central'],
  auditor: ['intake', 'agency', 'branch', 'central'],
};
