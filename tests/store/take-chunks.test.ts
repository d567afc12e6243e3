// Reading an upload's body chunk by chunk: every chunk in order, the stream held while the consumer
// waits, and a refusal or a cut-off stream reported without destroying the stream.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { takeChunks } from '../../src/main/store/take-chunks';

const bytes = (text: string): Buffer => Buffer.from(text);

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Lets pending stream events and promise callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('takeChunks', () => {
  it('hands over every chunk in order and resolves at the end of the stream', async () => {
    const source = new PassThrough();
    const seen: string[] = [];
    const done = takeChunks(source, (chunk) => {
      seen.push(String(chunk));
      return undefined;
    });
    for (const part of ['a', 'b', 'c']) source.write(bytes(part));
    source.end();
    await done;
    expect(seen.join(''), 'the chunks arrive whole and in order').toBe('abc');
  });

  it('takes no further chunk while the consumer waits, and resolves only once the wait is over', async () => {
    const source = new PassThrough();
    const seen: string[] = [];
    const wait = deferred();
    let finished = false;
    const done = takeChunks(source, (chunk) => {
      seen.push(String(chunk));
      return seen.length === 1 ? wait.promise : undefined;
    }).then(() => (finished = true));
    source.write(bytes('first'));
    source.write(bytes('second'));
    source.end();
    await settle();
    expect(seen, 'nothing more is taken while the first chunk is waited for').toEqual(['first']);
    expect(finished, 'the read is not over while a chunk is waited for').toBe(false);
    wait.resolve();
    await done;
    expect(seen.join(','), 'the rest follows once the wait is over').toBe('first,second');
  });

  it('resolves after the wait when the stream ended during it', async () => {
    const source = new PassThrough();
    const wait = deferred();
    let finished = false;
    const done = takeChunks(source, () => wait.promise).then(() => (finished = true));
    source.end(bytes('only'));
    await settle();
    await settle();
    expect(finished, 'the end is not reported before the last chunk was taken').toBe(false);
    wait.resolve();
    await done;
    expect(finished).toBe(true);
  });

  it('rejects with the consumer’s error and leaves the stream paused, not destroyed, for its owner', async () => {
    const source = new PassThrough();
    const refusal = new Error('too large');
    const done = takeChunks(source, (chunk) => {
      if (String(chunk) === 'two') throw refusal;
      return undefined;
    });
    source.write(bytes('one'));
    source.write(bytes('two'));
    await expect(done).rejects.toBe(refusal);
    expect(source.destroyed, 'the stream is left to its owner').toBe(false);
    expect(source.isPaused(), 'the stream is paused').toBe(true);
    source.end(bytes('three'));
    const rest: string[] = [];
    for await (const chunk of source) rest.push(String(chunk));
    expect(rest.join(''), 'the owner can still drain what follows').toBe('three');
  });

  it('rejects when the consumer’s wait fails', async () => {
    const source = new PassThrough();
    const failure = new Error('the writer failed');
    const done = takeChunks(source, () => Promise.reject(failure));
    source.write(bytes('x'));
    await expect(done).rejects.toBe(failure);
  });

  it('rejects with the stream’s error, and with a premature close when it closes before its end', async () => {
    const failing = new PassThrough();
    const failed = takeChunks(failing, () => undefined);
    failing.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    await expect(failed).rejects.toMatchObject({ code: 'ECONNRESET' });

    const cut = new PassThrough();
    const closed = takeChunks(cut, () => undefined);
    cut.write(bytes('part'));
    cut.destroy();
    await expect(closed).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });

    const gone = new PassThrough();
    gone.destroy();
    await settle();
    await expect(
      takeChunks(gone, () => undefined),
      'a stream already closed',
    ).rejects.toMatchObject({
      code: 'ERR_STREAM_PREMATURE_CLOSE',
    });
  });
});
