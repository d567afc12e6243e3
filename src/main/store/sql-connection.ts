/**
 * A thin layer over one sql.js Database: a bounded cache of prepared statements, what kind of
 * statement a SQL string is (reads, writes, several statements), binding checks, and rows as plain
 * objects with integers beyond 2^53 returned as bigint instead of being rounded.
 */
import type { BindParams, Database, SqlValue as SqlJsValue, Statement } from 'sql.js';
import { StoreUsageError } from './store-errors';
import type { Row, SqlParams, SqlValue } from './types';

export interface PreparedSql {
  readonly sql: string;
  /** Undefined when the text holds several statements; those run through `exec` and take no parameters. */
  readonly statement: Statement | undefined;
  /** Leading keyword, upper case (`SELECT`, `INSERT`, `WITH`…). */
  readonly keyword: string;
  /** Cannot change the database: allowed inside `read`, never journaled. */
  readonly readOnly: boolean;
  /** Reads the clock or a random source, so replaying it would not give the same state. */
  readonly nondeterministic: string | undefined;
}

/** sql.js accepts an options argument that its type definitions leave out. */
interface StatementWithOptions {
  get(params: null, config: { useBigInt: boolean }): (SqlJsValue | bigint)[];
}

const STATEMENT_CACHE_LIMIT = 512;

const NONDETERMINISTIC: readonly [RegExp, string][] = [
  [/\brandom(blob)?\s*\(/i, 'random()'],
  [/'now'/i, "'now'"],
  [/\bcurrent_(date|time|timestamp)\b/i, 'CURRENT_DATE/TIME/TIMESTAMP'],
  [/\b(date|time|datetime|julianday|unixepoch)\s*\(\s*\)/i, 'a date function without arguments'],
  // FAIL and ROLLBACK conflict resolution leave partial effects of a failed statement, which the
  // journal (it records only statements that succeed) could not reproduce.
  [/\b(or|on\s+conflict)\s+(fail|rollback)\b/i, 'OR FAIL / OR ROLLBACK conflict resolution'],
];

export class SqlConnection {
  private readonly cache = new Map<string, PreparedSql>();

  constructor(readonly db: Database) {}

  prepare(sql: string): PreparedSql {
    const cached = this.cache.get(sql);
    if (cached) {
      // Re-inserting keeps the map in least-recently-used order for eviction.
      this.cache.delete(sql);
      this.cache.set(sql, cached);
      return cached;
    }
    const prepared = this.compile(sql);
    this.cache.set(sql, prepared);
    if (this.cache.size > STATEMENT_CACHE_LIMIT) {
      const [oldestSql, oldest] = this.cache.entries().next().value as [string, PreparedSql];
      this.cache.delete(oldestSql);
      oldest.statement?.free();
    }
    return prepared;
  }

  run(prepared: PreparedSql, params: SqlParams): number {
    if (!prepared.statement) {
      if (params.length > 0) throw multiWithParams(prepared.sql);
      this.db.exec(prepared.sql);
      return this.db.getRowsModified();
    }
    const statement = prepared.statement;
    statement.bind(toBind(params));
    try {
      // One step is enough: even with RETURNING, SQLite makes every change during the first step.
      statement.step();
    } finally {
      statement.reset();
    }
    return prepared.readOnly ? 0 : this.db.getRowsModified();
  }

  get(prepared: PreparedSql, params: SqlParams): Row | undefined {
    const statement = this.single(prepared, params);
    try {
      if (!statement.step()) return undefined;
      return readRow(statement, statement.getColumnNames());
    } finally {
      statement.reset();
    }
  }

  all(prepared: PreparedSql, params: SqlParams): Row[] {
    const statement = this.single(prepared, params);
    const rows: Row[] = [];
    try {
      let columns: string[] | undefined;
      while (statement.step()) {
        columns ??= statement.getColumnNames();
        rows.push(readRow(statement, columns));
      }
    } finally {
      statement.reset();
    }
    return rows;
  }

  /** Runs SQL text with no parameters and no cached statement (multi-statement setup). */
  exec(sql: string): void {
    this.db.exec(sql);
  }

  /** Runs a short statement that is issued often (BEGIN, COMMIT, a pragma) from the cache. */
  control(sql: string): void {
    this.run(this.prepare(sql), []);
  }

  /**
   * Copies the whole database file. Some sql.js versions re-open the database inside export, which
   * frees prepared statements and resets connection settings, so both are rebuilt afterwards.
   */
  export(configure: () => void): Uint8Array {
    const bytes = this.db.export();
    this.clearCache();
    configure();
    return bytes;
  }

  close(): void {
    this.clearCache();
    this.db.close();
  }

  clearCache(): void {
    for (const prepared of this.cache.values()) prepared.statement?.free();
    this.cache.clear();
  }

  private single(prepared: PreparedSql, params: SqlParams): Statement {
    if (!prepared.statement) {
      throw new StoreUsageError(`get()/all() take one statement, got several: ${snippet(prepared.sql)}`);
    }
    prepared.statement.bind(toBind(params));
    return prepared.statement;
  }

  private compile(sql: string): PreparedSql {
    // Only the first statement is prepared: later ones may name tables the first one creates.
    const iterator = this.db.iterateStatements(sql);
    let single: boolean;
    try {
      if (iterator.next().done) throw new StoreUsageError(`No SQL statement in: ${snippet(sql)}`);
      single = isBlankSql(iterator.getRemainingSQL());
    } finally {
      // Frees the probe statement and the copied SQL text (missing from the sql.js typings).
      (iterator as unknown as { return?: () => unknown }).return?.();
    }
    const statement = single ? this.db.prepare(sql) : undefined;
    const keyword = leadingKeyword(sql);
    return {
      sql,
      statement,
      keyword,
      readOnly: statement !== undefined && this.readOnly(sql, keyword),
      nondeterministic: NONDETERMINISTIC.find(([pattern]) => pattern.test(sql))?.[1],
    };
  }

  /**
   * Whether a statement can change the database, decided by SQLite itself: the compiled program of a
   * statement that writes opens a write transaction (opcode `Transaction` with a non-zero p2), which
   * is what sqlite3_stmt_readonly reports and sql.js does not expose. A pragma that assigns a value
   * counts as a write, since it changes how later statements behave.
   */
  private readOnly(sql: string, keyword: string): boolean {
    if (keyword === 'EXPLAIN') return true;
    if (keyword === 'PRAGMA') return !sql.includes('=');
    const program = this.db.exec(`EXPLAIN ${sql}`)[0];
    if (!program) return true;
    const opcode = program.columns.indexOf('opcode');
    const p2 = program.columns.indexOf('p2');
    return !program.values.some((op) => op[opcode] === 'Transaction' && op[p2] !== 0);
  }
}

export function leadingKeyword(sql: string): string {
  const i = skipBlank(sql, 0, ' \n\t\r(');
  const match = /^[A-Za-z]+/.exec(sql.slice(i, i + 16));
  return match ? match[0].toUpperCase() : '';
}

function isBlankSql(sql: string): boolean {
  return skipBlank(sql, 0, ' \n\t\r;') >= sql.length;
}

/** Index of the first character that is neither one of `blanks` nor inside a comment. */
function skipBlank(sql: string, from: number, blanks: string): number {
  let i = from;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (blanks.includes(c)) {
      i++;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else {
      break;
    }
  }
  return i;
}

export function checkParams(params: SqlParams, sql: string): void {
  for (let i = 0; i < params.length; i++) {
    const value: unknown = params[i];
    if (value === null || typeof value === 'string' || typeof value === 'bigint') continue;
    if (typeof value === 'number') continue;
    if (value instanceof Uint8Array) continue;
    throw new StoreUsageError(
      `Parameter ${i + 1} of ${snippet(sql)} is ${value === undefined ? 'undefined' : typeof value}; ` +
        'bind null, a string, a number, a bigint or a Uint8Array',
    );
  }
}

export function snippet(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function multiWithParams(sql: string): StoreUsageError {
  return new StoreUsageError(`Parameters need a single statement, got several: ${snippet(sql)}`);
}

/**
 * sql.js has no 64-bit integer binding: it binds a bigint as its decimal text, which SQLite turns
 * back into an INTEGER only in a column with INTEGER or NUMERIC affinity. Bigints that fit a double
 * exactly are bound as numbers, so only values past 2^53 need such a column.
 */
function toBind(params: SqlParams): BindParams {
  let converted: SqlValue[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    if (typeof value === 'bigint' && value >= MIN_SAFE && value <= MAX_SAFE) {
      converted ??= [...params];
      converted[i] = Number(value);
    }
  }
  return (converted ?? params) as unknown as BindParams;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function readRow(statement: Statement, columns: string[]): Row {
  const values = statement.get();
  let exact: (SqlJsValue | bigint)[] | undefined;
  const row: Row = {};
  for (let i = 0; i < columns.length; i++) {
    let value = (values[i] ?? null) as SqlValue;
    if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
      // Read again as bigint only when a value is past 2^53; a REAL column stays a number.
      exact ??= (statement as unknown as StatementWithOptions).get(null, { useBigInt: true });
      const precise = exact[i];
      if (typeof precise === 'bigint') value = precise;
    }
    row[columns[i] as string] = value;
  }
  return row;
}
