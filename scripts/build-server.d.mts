/** The compiled server's entry: packages/server/dist/main.js. */
export const serverEntry: string;
/** Whether the compiled server is missing or older than a server or core source file. */
export function serverBuildStale(): boolean;
/** Compiles the server (esbuild) into packages/server/dist/main.js. */
export function buildServer(): Promise<void>;
