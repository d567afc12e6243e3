/**
 * The static server as a process of its own (`node --import tsx static-server-main.ts ROOT [PORT]`): prints
 * its URL once listening and serves until it is sent SIGTERM. Benchmarks compare a fresh `serve`
 * process with a fresh static server process, so both first answers pay the same start-up costs.
 */
import { startStaticServer } from './static-server';

const root = process.argv[2];
if (!root) throw new Error('usage: static-server-main.ts ROOT');
const server = await startStaticServer(root, Number(process.argv[3] ?? 0));
process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
console.log(`static server: ${server.url}`);
