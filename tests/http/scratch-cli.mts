import { createHttpServer } from '../../src/main/http';
const srv = createHttpServer({
  credentials: [{ accessKeyId: 'AKIDLOCAL', secretAccessKey: 'secret' }], region: 'us-east-1',
  log: (m, e) => console.error('LOG', m, e),
  invoke: (async (op: string, input: any) => { console.log('INVOKE', op, JSON.stringify(input, (k, v) => k === 'assetContent' ? '[stream]' : v)); if (op==='PublishPackageVersion') { let n=0; for await (const c of input.assetContent) n+=c.length; console.log('bytes', n); } return { domains: [{ name: 'abc', createdTime: new Date() }] }; }) as any,
});
const { url } = await srv.listen(0);
console.log('URL', url);
await new Promise((r) => setTimeout(r, 25000));
await srv.close();
