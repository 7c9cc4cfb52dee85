/**
 * A feature's raw SQL names only its own tables: another feature's rows are reached through that
 * feature's named lookups (src/<owner>/find-*.ts, *-lookups.ts) or its service. Which feature owns
 * a table is read from the entity files (`@Entity({ name })` in a feature's folder); a table the
 * migrations create without an entity belongs to no feature, so no feature's SQL may name it
 * either. Checked for every feature: planning with no exception, the others against one named list
 * of deliberate uses, each with its reason.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative, resolve } from 'path';

const SRC = resolve(__dirname, '../../src');
const MIGRATIONS = join(SRC, 'database', 'migrations');

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name), keep) : keep(d.name) ? [join(dir, d.name)] : [],
  );
}

/** The tables and their owners: each entity's table belongs to the feature folder of its file; a migration's table without an entity to none. */
export function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const f of filesUnder(SRC, (n) => n.endsWith('.entity.ts'))) {
    const feature = relative(SRC, f).split(/[\\/]/)[0];
    for (const m of readFileSync(f, 'utf8').matchAll(/@Entity\(\s*(?:\{[^}]*?name:\s*)?['"]([a-z_][a-z0-9_]*)['"]/g)) owners.set(m[1], feature);
  }
  for (const f of filesUnder(MIGRATIONS, (n) => n.endsWith('.ts'))) {
    const text = readFileSync(f, 'utf8');
    const created = [
      ...text.matchAll(/new Table\(\s*\{\s*name:\s*['"]([a-z_][a-z0-9_]*)['"]/g),
      ...text.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?["`]?([a-z_][a-z0-9_]*)/gi),
    ];
    for (const m of created) if (!owners.has(m[1])) owners.set(m[1], '(no entity)');
  }
  return owners;
}

/**
 * The string and template literals of a TypeScript text (comments and regular-expression
 * literals skipped; a template's `${…}` parts are read for their own literals and stand as a space
 * in the template's text).
 */
export function stringLiterals(text: string): string[] {
  const out: string[] = [];
  const scan = (start: number, inExpression: boolean): number => {
    let i = start;
    let prev = '';
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '/' && text[i + 1] === '/') {
        const end = text.indexOf('\n', i);
        i = end < 0 ? text.length : end;
        continue;
      }
      if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? text.length : end + 2;
        continue;
      }
      if (c === '/' && (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev) || /\b(?:return|typeof|case|of|in)\s*$/.test(text.slice(Math.max(0, i - 10), i)))) {
        let inClass = false;
        i++;
        while (i < text.length && (text[i] !== '/' || inClass) && text[i] !== '\n') {
          if (text[i] === '\\') i++;
          else if (text[i] === '[') inClass = true;
          else if (text[i] === ']') inClass = false;
          i++;
        }
        i++;
        prev = 'x';
        continue;
      }
      if (c === "'" || c === '"') {
        let s = '';
        i++;
        while (i < text.length && text[i] !== c && text[i] !== '\n') {
          if (text[i] === '\\') s += text[++i];
          else s += text[i];
          i++;
        }
        out.push(s);
        i++;
        prev = 'x';
        continue;
      }
      if (c === '`') {
        let s = '';
        i++;
        while (i < text.length && text[i] !== '`') {
          if (text[i] === '\\') {
            s += text[i + 1];
            i += 2;
          } else if (text[i] === '$' && text[i + 1] === '{') {
            i = scan(i + 2, true);
            s += ' ';
          } else s += text[i++];
        }
        out.push(s);
        i++;
        prev = 'x';
        continue;
      }
      if (inExpression && c === '{') depth++;
      if (inExpression && c === '}') {
        if (depth === 0) return i + 1;
        depth--;
      }
      if (!/\s/.test(c)) prev = c;
      i++;
    }
    return i;
  };
  scan(0, false);
  return out;
}

/** Does a literal read as SQL (or a piece of it)? The project's SQL keywords are upper case. */
const SQL_TEXT = /\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM|FROM|JOIN)\b/;

/**
 * The tables of other features (and tables of no feature) that a file of `feature` names in its
 * raw SQL: in a literal that reads as SQL, or as a literal that is a table's name alone (a row
 * lock's or a query builder's table).
 */
export function foreignTablesInSql(feature: string, text: string, owners: Map<string, string>): string[] {
  const found = new Set<string>();
  for (const lit of stringLiterals(text)) {
    const names = SQL_TEXT.test(lit) ? [...lit.matchAll(/(?<![.\w])([a-z_][a-z0-9_]*)\b/g)].map((m) => m[1]) : [lit.trim()];
    for (const name of names) {
      const owner = owners.get(name);
      if (owner !== undefined && owner !== feature) found.add(`${name} (${owner})`);
    }
  }
  return [...found].sort();
}

/**
 * Raw SQL that names another feature's table on purpose, each with why. A new use anywhere else
 * fails the test.
 */
const DELIBERATE: Record<string, { tables: string[]; why: string }> = {
  'judging/scores.service.ts': { tables: ['contests (contests)', 'contest_rounds (contests)', 'round_entrants (contestants)'], why: "the score entry's one context read, the statement of every submission (docs/decisions.md)" },
  'judging/score-entry.pg.ts': {
    tables: ['contests (contests)', 'contest_rounds (contests)', 'round_entrants (contestants)', 'audit_pending ((no entity))'],
    why: "the same read on PostgreSQL; its one write statement also stores the entry's pending audit entry",
  },
  'judging/scoring-dates.ts': { tables: ['contest_rounds (contests)'], why: "a panel's scoring dates: the round's dates with the panel's own extension, one read per check" },
  'audit/audit.service.ts': { tables: ['audit_pending ((no entity))'], why: "the audit log's own queue of entries to chain (a table with no entity: written by raw statements only)" },
  'cli/audit-verify.ts': { tables: ['audit_entries (audit)'], why: "the auditor's offline check reads the chain as stored, without the service" },
  'database/row-lock.ts': {
    tables: ['adv_allocations (advancement)', 'adv_draws (advancement)', 'contests (contests)', 'entrant_lists (entrants)', 'exemptions (entrants)', 'panels (judging)'],
    why: 'the row-lock helper: the tables its callers may lock, each caller locking its own rows',
  },
  'awards/awards.service.ts': { tables: ['panels (judging)'], why: "not SQL: the field RESULTS_NOT_LOCKED's details name (a lone table name is read as a row lock's table)" },
  'domain/took-part.ts': { tables: ['round_results (contestants)'], why: 'the SQL condition produced beside the rule it implements (and tested equal to it)' },
};

describe("raw SQL names only the feature's own tables", () => {
  const owners = tableOwners();

  it('reads the owners from the entity files, and the tables of no entity from the migrations', () => {
    expect(owners.get('panels')).toBe('judging');
    expect(owners.get('panel_judges')).toBe('judging');
    expect(owners.get('score_sheets')).toBe('judging');
    expect(owners.get('judge_links')).toBe('judging');
    expect(owners.get('round_entrants')).toBe('contestants');
    expect(owners.get('teachers')).toBe('registry');
    expect(owners.get('accounts')).toBe('auth');
    expect(owners.get('contest_rounds')).toBe('contests');
    expect(owners.get('adv_draws')).toBe('advancement');
    expect(owners.get('ann_notices')).toBe('announcements');
    expect(owners.get('entrant_lists')).toBe('entrants');
    expect(owners.get('judge_problems')).toBe('planning');
    expect(owners.get('audit_pending')).toBe('(no entity)');
    expect(owners.size).toBeGreaterThan(30);
  });

  it("no file under src/planning/ names another feature's table in its SQL", () => {
    const files = filesUnder(join(SRC, 'planning'), (n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'));
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((f) => foreignTablesInSql('planning', readFileSync(f, 'utf8'), owners).map((t) => `${relative(SRC, f).split('\\').join('/')}: ${t}`));
    expect(found).toEqual([]);
  });

  it("beyond planning, no file names another feature's table in its SQL but the deliberate ones", () => {
    const found: Record<string, string[]> = {};
    for (const f of filesUnder(SRC, (n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'))) {
      if (f.startsWith(MIGRATIONS)) continue;
      const file = relative(SRC, f).split('\\').join('/');
      const tables = foreignTablesInSql(file.split('/')[0], readFileSync(f, 'utf8'), owners);
      if (tables.length) found[file] = tables;
    }
    const allowed = (f: string) => DELIBERATE[f]?.tables ?? [];
    const beyond = Object.entries(found).flatMap(([f, ts]) => ts.filter((t) => !allowed(f).includes(t)).map((t) => `${f}: ${t}`));
    expect(beyond).toEqual([]);
    // A deliberate use that is gone is taken off the list (it says what is there, no more).
    const gone = Object.entries(DELIBERATE).map(([f, d]) => [f, d.tables] as const).flatMap(([f, ts]) => ts.filter((t) => !(found[f] ?? []).includes(t)).map((t) => `${f}: ${t}`));
    expect(gone).toEqual([]);
  });

  it("the check names another feature's tables in statements, pieces of statements and row locks, and nothing else", () => {
    const text = [
      '/** Reads FROM panels p (a comment). */',
      "const own = await sql(em, 'SELECT jp.id FROM judge_problems jp WHERE jp.panel_id = ?', [id]);",
      'const cond = `AND s.state = ${"\'x\'"}`;',
      'const base = `FROM panels p WHERE p.contest_id = ? AND p.state = ${state}`;',
      "await sql(em, `SELECT pj.id FROM panel_judges pj WHERE pj.panel_id IN (${ids.map(() => '?').join(',')})`, ids);",
      "await sql(em, 'SELECT COUNT(*) AS n FROM score_sheets s, round_entrants e WHERE e.id = s.entrant_id', []);",
      "await lockRow(em, 'contests', id);",
      "const re = /'accounts'/; const route = 'panels/:id/judges'; const m = 'Put judge accounts into the pool from schools';",
      "const col = `SELECT p.teachers FROM judge_pool_members p`;",
    ].join('\n');
    expect(foreignTablesInSql('planning', text, owners)).toEqual([
      'contests (contests)',
      'panel_judges (judging)',
      'panels (judging)',
      'round_entrants (contestants)',
      'score_sheets (judging)',
    ]);
    expect(foreignTablesInSql('judging', text, owners)).toEqual([
      'contests (contests)',
      'judge_pool_members (planning)',
      'judge_problems (planning)',
      'round_entrants (contestants)',
    ]);
  });
});
