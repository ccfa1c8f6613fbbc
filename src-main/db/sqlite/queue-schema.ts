// SQLite-only: the queue read side's triggers and indexes (migration 004 creates them; the bulk
// generator drops them, loads, rebuilds the read side set-wise, and creates them again).
import type BetterSqlite3 from 'better-sqlite3';

type ItemFields = ReadonlyArray<readonly [string, string]>;

/** queue_items' columns and how each is computed from a case row `new`, as migration 004 had them. */
const ITEM_FIELDS_AT_004: ItemFields = [
  ['tracking_code', 'new.tracking_code'],
  ['applicant_id', 'new.applicant_id'],
  ['applicant_name', "(select trim(a.first_name || ' ' || a.last_name) from applicants a where a.id = new.applicant_id)"],
  ['workshop_name', '(select w.name from workshops w where w.id = new.workshop_id)'],
  ['county_code', '(select w.county_code from workshops w where w.id = new.workshop_id)'],
  ['activity_code', 'new.activity_code'],
  ['agency_code', 'new.agency_code'],
  ['institution_code', 'new.institution_code'],
  ['branch_code', 'new.branch_code'],
  ['created_office_id', 'new.created_office_id'],
  ['amount', 'new.requested_amount_rials'],
  ['stage', 'new.stage'],
  ['stage_entered_at', 'new.stage_entered_at'],
  ['assignee_staff_id', 'new.assignee_staff_id'],
  ['pending_action', 'new.pending_action'],
  ['version', 'new.version'],
  ['search_text', `kara_fold(
    coalesce((select a.first_name || ' ' || a.last_name from applicants a where a.id = new.applicant_id), '') || ' ' ||
    coalesce((select w.name from workshops w where w.id = new.workshop_id), ''))`],
];

/**
 * The columns now (migration 011): a row's agency and branch are the queues that list it, so
 * they are set only once the case was sent there — as actorMaySee has it. A case withdrawn
 * before it reached a branch is not in that branch's list (nor counted on its tabs).
 */
export const ITEM_FIELDS: ItemFields = ITEM_FIELDS_AT_004.map(([column, expression]): readonly [string, string] => {
  if (column === 'agency_code') return [column, 'case when new.submitted_at is not null then new.agency_code end'];
  if (column === 'branch_code') return [column, 'case when new.reached_branch_at is not null then new.branch_code end'];
  return [column, expression];
});

const SCOPES = (row: 'new' | 'old') => `
  select '*' as scope
  union all select 'ag:' || ${row}.agency_code
  union all select 'br:' || ${row}.branch_code
  union all select 'of:' || ${row}.created_office_id`;

/** Flow actions counted as a decision on the dashboard. */
export const DECISION_ACTIONS = ['agency_approve', 'agency_reject', 'agency_return', 'bank_approve', 'bank_reject', 'request_documents', 'disburse'];

const decisions = DECISION_ACTIONS.map((a) => `'${a}'`).join(', ');

function queueTriggers(fields: ItemFields): string[] {
  const SET_ITEM = fields.map(([c, e]) => `${c} = ${e}`).join(',\n  ');
  const INSERT_ITEM = `insert into queue_items (case_id, ${fields.map(([c]) => c).join(', ')}) values (new.id, ${fields.map(([, e]) => e).join(', ')})`;
  return [
    `create trigger queue_case_insert after insert on cases begin
        ${INSERT_ITEM};
      end`,
    `create trigger queue_case_update after update on cases begin
        update queue_items set ${SET_ITEM} where case_id = new.id;
      end`,
    `create trigger queue_applicant_update after update of first_name, last_name on applicants
        when old.first_name is not new.first_name or old.last_name is not new.last_name begin
        update queue_items set
          applicant_name = trim(new.first_name || ' ' || new.last_name),
          search_text = kara_fold(new.first_name || ' ' || new.last_name || ' ' || coalesce(workshop_name, ''))
        where applicant_id = new.id;
      end`,
    `create trigger queue_workshop_update after update of name, county_code on workshops
        when old.name is not new.name or old.county_code is not new.county_code begin
        update queue_items set
          workshop_name = new.name,
          county_code = new.county_code,
          search_text = kara_fold(coalesce(applicant_name, '') || ' ' || new.name)
        where case_id in (select id from cases where workshop_id = new.id);
      end`,
    `create trigger queue_fts_insert after insert on queue_items begin
        insert into queue_fts (rowid, search_text) values (new.item_id, new.search_text);
      end`,
    `create trigger queue_fts_update after update of search_text on queue_items
        when old.search_text is not new.search_text begin
        insert into queue_fts (queue_fts, rowid, search_text) values ('delete', old.item_id, old.search_text);
        insert into queue_fts (rowid, search_text) values (new.item_id, new.search_text);
      end`,
    `create trigger queue_counts_insert after insert on queue_items begin
        insert into queue_counts (scope, stage, n) select scope, new.stage, 1 from (${SCOPES('new')}) where scope is not null
          on conflict (scope, stage) do update set n = n + 1;
      end`,
    `create trigger queue_counts_update after update of stage, agency_code, branch_code, created_office_id on queue_items
        when old.stage is not new.stage or old.agency_code is not new.agency_code or old.branch_code is not new.branch_code or old.created_office_id is not new.created_office_id begin
        update queue_counts set n = n - 1 where stage = old.stage and scope in (select scope from (${SCOPES('old')}) where scope is not null);
        insert into queue_counts (scope, stage, n) select scope, new.stage, 1 from (${SCOPES('new')}) where scope is not null
          on conflict (scope, stage) do update set n = n + 1;
      end`,
    // The dashboard's days are per the case's own agency, branch and office — a branch sees the
    // submissions naming it coming — while the lists follow where the case has been sent.
    `create trigger queue_daily_flow after insert on case_flow
        when new.action in ('submit', 'resubmit', ${decisions}) begin
        insert into queue_daily (scope, day, inflow, decisions)
          select s.scope, date(new.at, '+210 minutes'),
            case when new.action in ('submit', 'resubmit') then 1 else 0 end,
            case when new.action in ('submit', 'resubmit') then 0 else 1 end
          from (
            select '*' as scope
            union all select 'ag:' || q.agency_code from cases q where q.id = new.case_id
            union all select 'br:' || q.branch_code from cases q where q.id = new.case_id
            union all select 'of:' || q.created_office_id from cases q where q.id = new.case_id
          ) s where s.scope is not null
          on conflict (scope, day) do update set inflow = inflow + excluded.inflow, decisions = decisions + excluded.decisions;
      end`,
  ];
}

/** The triggers as migration 004 created them (migration 010 made them pausable, 011 changed what they compute). */
export const QUEUE_TRIGGERS_AT_004: readonly string[] = queueTriggers(ITEM_FIELDS_AT_004);

/**
 * While a row is in this table, the triggers stand still: a writer that changes many cases at
 * once (an import's window) refreshes the read side itself, set-wise (queue-refresh.ts), in the
 * same transaction — a table rather than a flag in memory, so a rolled-back write un-pauses too.
 */
export const QUEUE_PAUSE_TABLE = 'queue_trigger_pause';
const NOT_PAUSED = `not exists (select 1 from ${QUEUE_PAUSE_TABLE})`;

function pausable(trigger: string): string {
  const withWhen = /^(create trigger \w+ after .+?)\n\s+when (.+?) begin/s.exec(trigger);
  if (withWhen) return trigger.replace(withWhen[0], `${withWhen[1]}\n      when (${withWhen[2]}) and ${NOT_PAUSED} begin`);
  const plain = /^(create trigger \w+ after .+?) begin/s.exec(trigger);
  if (!plain) throw new Error(`queue trigger of an unexpected shape: ${trigger.slice(0, 60)}`);
  return trigger.replace(plain[0], `${plain[1]} when ${NOT_PAUSED} begin`);
}

/** The triggers that keep queue_items, queue_fts, queue_counts and queue_daily in step. */
export const QUEUE_TRIGGERS: readonly string[] = queueTriggers(ITEM_FIELDS).map(pausable);

export const QUEUE_TRIGGER_NAMES = QUEUE_TRIGGERS.map((t) => /create trigger (\w+)/.exec(t)![1]!);

/** Keyset pagination: every (scope, stage, sort key, item_id) walk is one index range. */
export const QUEUE_PAGE_INDEXES: readonly string[] = [
  ...(['agency_code', 'branch_code', null] as const).flatMap((scope) => {
    const name = scope === 'agency_code' ? 'agency' : scope === 'branch_code' ? 'branch' : 'all';
    const lead = scope ? `${scope}, ` : '';
    return [
      `create index queue_${name}_age on queue_items (${lead}stage, stage_entered_at, item_id)`,
      `create index queue_${name}_amount on queue_items (${lead}stage, amount, item_id)`,
      `create index queue_${name}_county on queue_items (${lead}stage, county_code, stage_entered_at, item_id)`,
    ];
  }),
  'create index queue_office_age on queue_items (created_office_id, stage, stage_entered_at, item_id)',
];

export const QUEUE_INDEXES: readonly string[] = [
  ...QUEUE_PAGE_INDEXES,
  'create index queue_tracking on queue_items (tracking_code)',
  'create index queue_applicant on queue_items (applicant_id)',
];

const indexName = (ddl: string) => /create index (\w+)/.exec(ddl)![1]!;
export const QUEUE_PAGE_INDEX_NAMES = QUEUE_PAGE_INDEXES.map(indexName);
const QUEUE_INDEX_NAMES = QUEUE_INDEXES.map(indexName);

/** The (scope, stage) pairs the queue rows `q` (a CTE of the statement) are counted under. */
export const SCOPES_OF_Q = `
  select '*' as scope, q.stage from q
  union all select 'ag:' || q.agency_code, q.stage from q where q.agency_code is not null
  union all select 'br:' || q.branch_code, q.stage from q where q.branch_code is not null
  union all select 'of:' || q.created_office_id, q.stage from q`;

/** queue_counts from queue_items as they are (after emptying it). */
export const RECOUNT_QUEUE = `with q as (select * from queue_items)
  insert into queue_counts (scope, stage, n) select scope, stage, count(*) from (${SCOPES_OF_Q}) group by scope, stage`;

/**
 * Adds to queue_daily the submissions and decisions of the case-flow rows `f` that pass
 * `flowFilter` (an SQL condition), per day and per the case's own agency, branch and office.
 */
export function addQueueDaily(flowFilter: string): string {
  // Materialized: x is read four times (one per scope); computed once it took 1.4 s instead of
  // 1.8 s over a 100,000-case import's windows.
  return `with x as materialized (
        select date(f.at, '+210 minutes') as day, q.agency_code, q.branch_code, q.created_office_id,
          case when f.action in ('submit', 'resubmit') then 1 else 0 end as inflow,
          case when f.action in ('submit', 'resubmit') then 0 else 1 end as decisions
        from case_flow f join cases q on q.id = f.case_id
        where (${flowFilter}) and f.action in ('submit', 'resubmit', ${decisions}))
      insert into queue_daily (scope, day, inflow, decisions)
      select scope, day, sum(inflow), sum(decisions) from (
        select '*' as scope, day, inflow, decisions from x
        union all select 'ag:' || agency_code, day, inflow, decisions from x where agency_code is not null
        union all select 'br:' || branch_code, day, inflow, decisions from x where branch_code is not null
        union all select 'of:' || created_office_id, day, inflow, decisions from x
      ) where true group by scope, day
      on conflict (scope, day) do update set inflow = inflow + excluded.inflow, decisions = decisions + excluded.decisions`;
}

/** queue_daily from the whole case flow (after emptying it). */
export const RECOMPUTE_QUEUE_DAILY = addQueueDaily('true');

/** Rebuilds queue_items, its FTS index, counts and daily figures from cases and case_flow, set-wise. */
export function rebuildQueueReadSide(sqlite: BetterSqlite3.Database): void {
  sqlite.transaction(() => {
    for (const name of QUEUE_TRIGGER_NAMES) sqlite.exec(`drop trigger if exists ${name}`);
    for (const name of QUEUE_INDEX_NAMES) sqlite.exec(`drop index if exists ${name}`);
    sqlite.exec(`delete from queue_items; delete from queue_counts; delete from queue_daily;`);
    sqlite.exec(`insert into queue_items (case_id, ${ITEM_FIELDS.map(([c]) => c).join(', ')})
      select new.id, ${ITEM_FIELDS.map(([, e]) => e).join(', ')} from cases new order by new.rowid`);
    sqlite.exec(`insert into queue_fts (queue_fts) values ('rebuild')`);
    sqlite.exec(RECOUNT_QUEUE);
    sqlite.exec(RECOMPUTE_QUEUE_DAILY);
    for (const index of QUEUE_INDEXES) sqlite.exec(index);
    for (const trigger of QUEUE_TRIGGERS) sqlite.exec(trigger);
  })();
}

/** Drops the triggers on cases / case_flow (the bulk generator rebuilds the read side afterwards). */
export function suspendQueueTriggers(sqlite: BetterSqlite3.Database): void {
  for (const name of QUEUE_TRIGGER_NAMES) sqlite.exec(`drop trigger if exists ${name}`);
}
