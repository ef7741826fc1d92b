import { TableNode } from 'kysely';
import type {
  KyselyPlugin,
  RootOperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  UnknownRow,
} from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * The database with every statement it sends counted (queries, raw SQL, in transactions too; BEGIN and COMMIT are
 * not statements of Kysely's and are not counted). The read cache is the database's own.
 */
export function countingQueries(database: Database): {
  database: Database;
  count(): number;
  /** What each statement was (its kind and first table), for a failing test's message. */
  sent(): string[];
  reset(): void;
} {
  let sent: string[] = [];
  // Kysely transforms every builder made into a node (a subquery too), but hands back a result once per statement.
  const described = new WeakMap<object, string>();
  const plugin: KyselyPlugin = {
    transformQuery: (args: PluginTransformQueryArgs) => {
      described.set(args.queryId, describe(args.node));
      return args.node;
    },
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
      sent.push(described.get(args.queryId) ?? '?');
      return args.result;
    },
  };
  return {
    database: { ...database, db: database.db.withPlugin(plugin) },
    count: () => sent.length,
    sent: () => [...sent],
    reset: () => {
      sent = [];
    },
  };
}

function describe(node: RootOperationNode): string {
  const from = node.kind === 'SelectQueryNode' ? node.from?.froms[0] : undefined;
  const table =
    node.kind === 'InsertQueryNode'
      ? node.into
      : node.kind === 'UpdateQueryNode' || node.kind === 'DeleteQueryNode'
        ? undefined
        : from;
  const name = table && TableNode.is(table) ? table.table.identifier.name : '';
  return `${node.kind.replace('QueryNode', '').replace('Node', '')} ${name}`.trim();
}
