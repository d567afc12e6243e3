/**
 * Loads the sql.js WebAssembly module once per process. The .wasm file is read from the installed
 * sql.js package so nothing is fetched at run time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('sql.js/dist/sql-wasm.wasm');
    const bytes = readFileSync(wasmPath);
    const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    return initSqlJs({ wasmBinary });
  })();
  // A failed load (missing file) must not poison every later attempt.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
