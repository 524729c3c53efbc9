import { createHash, randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import type { SQLOutputValue } from 'node:sqlite';
import { currentEpochMicros, epochMicrosOf, formatMicrosecondTimestamp } from './timestamps.ts';
import { maskTelegramToken } from './tokenMask.ts';
import { isToolzzScope } from './toolzzScope.ts';
import type { ToolzzScope } from './toolzzScope.ts';

export interface SensayIntegrationRecord {
  readonly id: number;
  readonly replicaUuid: string;
  readonly mention: string;
  readonly telegramTokenSha256: string;
  readonly createdAt: string;
}

export interface ToolzzIntegrationRecord {
  readonly id: string;
  readonly botId: string;
  readonly unitId: string;
  readonly title: string;
  readonly scope: ToolzzScope;
  readonly isActive: boolean;
  readonly botTokenMasked: string;
  readonly botTokenSha256: string;
  readonly welcomeMessage: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deletedAt: string | null;
}

export interface NewSensayIntegration {
  readonly replicaUuid: string;
  readonly mention: string;
  readonly telegramToken: string;
}

export interface NewToolzzIntegration {
  readonly botId: string;
  readonly unitId: string;
  readonly title: string;
  readonly scope: ToolzzScope;
  readonly botToken: string;
}

/** What a Toolzz update may change: everything of the create body but the token. */
export type ToolzzIntegrationChanges = Omit<NewToolzzIntegration, 'botToken'>;

/** The reference backend's persistence. Bot tokens are kept only as a SHA-256 digest (and masked for Toolzz). */
export interface ReferenceStore {
  readonly connection: DatabaseSync;
  /** A replica has at most one integration: this one replaces any other (a new row, so a new id). */
  insertSensayIntegration(input: NewSensayIntegration): SensayIntegrationRecord;
  findSensayIntegration(id: number): SensayIntegrationRecord | undefined;
  findSensayIntegrationOfReplica(replicaUuid: string): SensayIntegrationRecord | undefined;
  /** Whether the replica had an integration to delete. */
  deleteSensayIntegrationOfReplica(replicaUuid: string): boolean;
  insertToolzzIntegration(input: NewToolzzIntegration): ToolzzIntegrationRecord;
  findToolzzIntegration(id: string): ToolzzIntegrationRecord | undefined;
  /** The unit's integrations, oldest first. */
  listToolzzIntegrationsOfUnit(unitId: string): ToolzzIntegrationRecord[];
  /** The updated integration (`updatedAt` moved forward), or undefined when none has this id. */
  updateToolzzIntegration(id: string, changes: ToolzzIntegrationChanges): ToolzzIntegrationRecord | undefined;
  close(): void;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS sensay_telegram_integrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    replica_uuid TEXT NOT NULL UNIQUE,
    mention TEXT NOT NULL,
    telegram_token_sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS toolzz_telegram_integrations (
    id TEXT PRIMARY KEY,
    bot_id TEXT NOT NULL,
    unit_id TEXT NOT NULL,
    title TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('both', 'private', 'groups')),
    is_active INTEGER NOT NULL,
    bot_token_masked TEXT NOT NULL,
    bot_token_sha256 TEXT NOT NULL,
    welcome_message TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
  ) STRICT;
`;

type Row = Record<string, SQLOutputValue>;

export class StoreRowError extends Error {
  readonly code = 'REFERENCE_STORE_ROW_INVALID';
  override readonly name = 'StoreRowError';
}

function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string')
    throw new StoreRowError(`Column ${column} is not TEXT; the schema was changed.`);
  return value;
}

function nullableText(row: Row, column: string): string | null {
  return row[column] === null ? null : text(row, column);
}

function integer(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new StoreRowError(`Column ${column} is not a safe INTEGER; the schema was changed.`);
  }
  return value;
}

/** Now, or one microsecond after `previous` when the clock has not moved past it: updates are strictly later. */
function laterTimestamp(previous: string): string {
  const now = formatMicrosecondTimestamp(currentEpochMicros());
  return now > previous ? now : formatMicrosecondTimestamp(epochMicrosOf(previous) + 1);
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

function toSensayRecord(row: Row): SensayIntegrationRecord {
  return {
    id: integer(row, 'id'),
    replicaUuid: text(row, 'replica_uuid'),
    mention: text(row, 'mention'),
    telegramTokenSha256: text(row, 'telegram_token_sha256'),
    createdAt: text(row, 'created_at'),
  };
}

function toToolzzRecord(row: Row): ToolzzIntegrationRecord {
  const scope = text(row, 'scope');
  if (!isToolzzScope(scope)) throw new StoreRowError(`Column scope holds "${scope}", outside the enum.`);
  return {
    id: text(row, 'id'),
    botId: text(row, 'bot_id'),
    unitId: text(row, 'unit_id'),
    title: text(row, 'title'),
    scope,
    isActive: integer(row, 'is_active') === 1,
    botTokenMasked: text(row, 'bot_token_masked'),
    botTokenSha256: text(row, 'bot_token_sha256'),
    welcomeMessage: text(row, 'welcome_message'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
    deletedAt: nullableText(row, 'deleted_at'),
  };
}

/** Opens (and migrates) the SQLite database; statements are prepared once here. */
export function openReferenceStore(databasePath = ':memory:'): ReferenceStore {
  const connection = new DatabaseSync(databasePath);
  connection.exec(SCHEMA);
  const insertSensay = connection.prepare(
    `INSERT INTO sensay_telegram_integrations (replica_uuid, mention, telegram_token_sha256, created_at)
     VALUES (?, ?, ?, ?) RETURNING *`,
  );
  const selectSensay = connection.prepare('SELECT * FROM sensay_telegram_integrations WHERE id = ?');
  const selectSensayOfReplica = connection.prepare(
    'SELECT * FROM sensay_telegram_integrations WHERE replica_uuid = ?',
  );
  const deleteSensayOfReplica = connection.prepare(
    'DELETE FROM sensay_telegram_integrations WHERE replica_uuid = ?',
  );
  const insertToolzz = connection.prepare(
    `INSERT INTO toolzz_telegram_integrations
       (id, bot_id, unit_id, title, scope, is_active, bot_token_masked, bot_token_sha256,
        welcome_message, created_at, updated_at, deleted_at)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?, '', ?, ?, NULL) RETURNING *`,
  );
  const selectToolzz = connection.prepare('SELECT * FROM toolzz_telegram_integrations WHERE id = ?');
  const selectToolzzOfUnit = connection.prepare(
    'SELECT * FROM toolzz_telegram_integrations WHERE unit_id = ? ORDER BY created_at, rowid',
  );
  const updateToolzz = connection.prepare(
    `UPDATE toolzz_telegram_integrations
        SET bot_id = ?, unit_id = ?, title = ?, scope = ?, updated_at = ?
      WHERE id = ? RETURNING *`,
  );

  function inserted(row: Row | undefined, table: string): Row {
    if (row === undefined) throw new StoreRowError(`INSERT into ${table} returned no row.`);
    return row;
  }

  return {
    connection,
    insertSensayIntegration(input) {
      connection.exec('BEGIN');
      try {
        deleteSensayOfReplica.run(input.replicaUuid);
        const row = insertSensay.get(
          input.replicaUuid,
          input.mention,
          sha256Hex(input.telegramToken),
          new Date().toISOString(),
        );
        connection.exec('COMMIT');
        return toSensayRecord(inserted(row, 'sensay_telegram_integrations'));
      } catch (error) {
        if (connection.isTransaction) connection.exec('ROLLBACK');
        throw error;
      }
    },
    findSensayIntegration(id) {
      const row = selectSensay.get(id);
      return row === undefined ? undefined : toSensayRecord(row);
    },
    findSensayIntegrationOfReplica(replicaUuid) {
      const row = selectSensayOfReplica.get(replicaUuid);
      return row === undefined ? undefined : toSensayRecord(row);
    },
    deleteSensayIntegrationOfReplica(replicaUuid) {
      return Number(deleteSensayOfReplica.run(replicaUuid).changes) > 0;
    },
    insertToolzzIntegration(input) {
      const now = formatMicrosecondTimestamp(currentEpochMicros());
      const row = insertToolzz.get(
        randomUUID(),
        input.botId,
        input.unitId,
        input.title,
        input.scope,
        maskTelegramToken(input.botToken),
        sha256Hex(input.botToken),
        now,
        now,
      );
      return toToolzzRecord(inserted(row, 'toolzz_telegram_integrations'));
    },
    findToolzzIntegration(id) {
      const row = selectToolzz.get(id);
      return row === undefined ? undefined : toToolzzRecord(row);
    },
    listToolzzIntegrationsOfUnit(unitId) {
      return selectToolzzOfUnit.all(unitId).map(toToolzzRecord);
    },
    updateToolzzIntegration(id, changes) {
      const current = selectToolzz.get(id);
      if (current === undefined) return undefined;
      const updatedAt = laterTimestamp(text(current, 'updated_at'));
      const row = updateToolzz.get(
        changes.botId,
        changes.unitId,
        changes.title,
        changes.scope,
        updatedAt,
        id,
      );
      return row === undefined ? undefined : toToolzzRecord(row);
    },
    close() {
      if (connection.isOpen) connection.close();
    },
  };
}
