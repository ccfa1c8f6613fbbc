// The two versions a conflict keeps, read into the same shape so the screen can lay them side
// by side: this office's ({ case, flow } as stored at import) and the incoming case record.
import { z } from 'zod';

const flowEntry = z.object({
  uid: z.string(), at: z.string(), action: z.string(), to_stage: z.string(),
  staff_name: z.string().nullish(), office_id: z.string().nullish(), reason: z.string().nullish(),
});
const caseFields = {
  stage: z.string(), version: z.number(), agency_code: z.string().nullish(), branch_code: z.string().nullish(), tracking_code: z.string().nullish(),
};
const localVersion = z.object({ case: z.object(caseFields), flow: z.array(flowEntry) });
const remoteVersion = z.object({ ...caseFields, flow: z.array(flowEntry) });

export type FlowEntry = z.infer<typeof flowEntry>;

export interface CaseSide {
  stage: string;
  version: number;
  agencyCode: string | null;
  branchCode: string | null;
  trackingCode: string | null;
  last: FlowEntry | null;
  /** Steps this side made that the other side has not seen. */
  unseen: FlowEntry[];
}

function sideOf(c: z.infer<typeof remoteVersion> | z.infer<typeof localVersion>['case'], flow: FlowEntry[], otherUids: Set<string>): CaseSide {
  return {
    stage: c.stage, version: c.version, agencyCode: c.agency_code ?? null, branchCode: c.branch_code ?? null, trackingCode: c.tracking_code ?? null,
    last: flow[flow.length - 1] ?? null,
    unseen: flow.filter((f) => !otherUids.has(f.uid)),
  };
}

/** Both sides, or null for a side whose stored shape is not understood (an older format). */
export function conflictSides(local: unknown, remote: unknown): { local: CaseSide | null; remote: CaseSide | null } {
  const l = localVersion.safeParse(local);
  const r = remoteVersion.safeParse(remote);
  const localUids = new Set(l.success ? l.data.flow.map((f) => f.uid) : []);
  const remoteUids = new Set(r.success ? r.data.flow.map((f) => f.uid) : []);
  return {
    local: l.success ? sideOf(l.data.case, l.data.flow, remoteUids) : null,
    remote: r.success ? sideOf(r.data, r.data.flow, localUids) : null,
  };
}
