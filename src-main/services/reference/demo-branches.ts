// Demo bank branches: the programme's real branch list comes from the central server. Until
// then every county gets a deterministic handful of branches per institution, marked is_demo.
import { createHash } from 'node:crypto';

export interface DemoBranch {
  code: string;
  institutionCode: string;
  countyCode: string;
  nameFa: string;
  nameEn: string;
  addressFa: string;
  phone: string;
  demoCreditRials: number;
}

function hashNumber(...parts: string[]): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0);
}

const ORDINALS_FA = ['مرکزی', 'شماره ۲', 'شماره ۳'];
const ORDINALS_EN = ['Central', 'No. 2', 'No. 3'];

export function demoBranches(
  counties: ReadonlyArray<{ code: string; nameFa: string; nameEn: string }>,
  institutions: ReadonlyArray<{ code: string; nameFa: string; nameEn: string }>,
): DemoBranch[] {
  const out: DemoBranch[] = [];
  for (const county of counties) {
    for (const institution of institutions) {
      const h = hashNumber(county.code, institution.code);
      const count = h % 3; // 0, 1 or 2 branches of this institution in this county
      for (let i = 0; i < count; i += 1) {
        out.push({
          code: `${institution.code}-${county.code}-${i + 1}`,
          institutionCode: institution.code,
          countyCode: county.code,
          nameFa: `${institution.nameFa} — شعبهٔ ${ORDINALS_FA[i]} ${county.nameFa} (نمونه)`,
          nameEn: `${institution.nameEn} — ${county.nameEn} ${ORDINALS_EN[i]} branch (demo)`,
          addressFa: `${county.nameFa}، خیابان اصلی، پلاک ${(h % 400) + 1} (نشانی نمونه)`,
          phone: `0${21 + (h % 70)}-${String(30000000 + (h % 9000000)).slice(0, 8)}`,
          // 20 to 200 billion rials: room for a few hundred cases at the programme's caps.
          demoCreditRials: (20 + (h % 181)) * 1_000_000_000,
        });
      }
    }
  }
  return out;
}
