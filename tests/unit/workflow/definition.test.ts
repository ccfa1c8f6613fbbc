import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STAGES, STAGE_INFO, TRANSITIONS, actionsFrom, type Stage } from '../../../src-shared/workflow/definition';
import { renderWorkflowDocument } from '../../../src-shared/workflow/document';
import { holdingTimes } from '../../../src-shared/workflow/aging';
import { ROLES } from '../../../src-shared/api/roles';
import { isMessageKey } from '../../../src-shared/i18n';

describe('the workflow definition', () => {
  it('reaches every stage from draft', () => {
    const reached = new Set<Stage>(['draft']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const t of TRANSITIONS) {
        if (t.from.some((f) => reached.has(f)) && !reached.has(t.to)) {
          reached.add(t.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...STAGES].sort());
  });

  it('lets every stage that is not final be left, and no final stage be left', () => {
    for (const stage of STAGES) {
      const exits = TRANSITIONS.filter((t) => (t.from as readonly Stage[]).includes(stage));
      expect(exits.length > 0, stage).toBe(!STAGE_INFO[stage].final);
    }
  });

  it('requires a reason for every rejection, return, request and withdrawal', () => {
    for (const t of TRANSITIONS) {
      if (/reject|return|request_documents|withdraw/.test(t.action)) expect(t.reasonRequired, t.action).toBe(true);
    }
  });

  it('lets only the role of the holding office take a transition', () => {
    const officeOfRole = { intake: 'intake', agency_reviewer: 'agency', branch_officer: 'branch' } as const;
    for (const t of TRANSITIONS) {
      for (const from of t.from) {
        const holder = STAGE_INFO[from].holder;
        const roles = t.roles.filter((r) => officeOfRole[r as keyof typeof officeOfRole] === holder);
        expect(roles.length, `${t.action} from ${from}`).toBeGreaterThan(0);
      }
    }
  });

  it('has a label in the catalogues for every stage and action', () => {
    for (const s of STAGES) expect(isMessageKey(`stage.${s}`), s).toBe(true);
    for (const t of TRANSITIONS) expect(isMessageKey(`action.${t.action}`), t.action).toBe(true);
  });

  it('offers supervisors and auditors no workflow action', () => {
    for (const s of STAGES) {
      expect(actionsFrom(s, 'supervisor')).toEqual([]);
      expect(actionsFrom(s, 'auditor')).toEqual([]);
    }
    expect(ROLES).toContain('auditor');
  });

  it('is what docs/workflow.md shows (regenerate with npx tsx scripts/gen-workflow-doc.ts)', () => {
    const onDisk = readFileSync(new URL('../../../docs/workflow.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderWorkflowDocument());
  });
});

describe('holding times', () => {
  it('counts time per holder and stops the clock while the case waits on the applicant', () => {
    const flow = [
      { at: '2020-08-01T00:00:00Z', toStage: 'draft' },
      { at: '2020-08-02T00:00:00Z', toStage: 'submitted' },
      { at: '2020-08-04T00:00:00Z', toStage: 'agency_review' },
      { at: '2020-08-05T00:00:00Z', toStage: 'returned' },
      { at: '2020-08-15T00:00:00Z', toStage: 'submitted' },
    ];
    const t = holdingTimes(flow, new Date('2020-08-16T00:00:00Z'));
    const day = 86_400_000;
    expect(t).toEqual({ intake: 1 * day, agency: 4 * day, branch: 0, applicant: 10 * day });
  });
});
