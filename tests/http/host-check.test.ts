/** The DNS-rebinding guard's notion of an acceptable Host header. */
import { describe, expect, it } from 'vitest';
import { createHostCheck, isLoopbackHost, splitHostHeader } from '../../src/main/http/host-check';

describe('host check', () => {
  it('splits host and port, keeping IPv6 brackets', () => {
    expect(splitHostHeader('127.0.0.1:5484')).toEqual({ host: '127.0.0.1', port: '5484' });
    expect(splitHostHeader('[::1]:80')).toEqual({ host: '[::1]', port: '80' });
    expect(splitHostHeader('LocalHost')).toEqual({ host: 'localhost', port: undefined });
    expect(splitHostHeader('a b')).toBeUndefined();
    expect(splitHostHeader('host:port')).toBeUndefined();
    expect(splitHostHeader('')).toBeUndefined();
  });

  it('knows the loopback names', () => {
    for (const host of ['localhost', '127.0.0.1', '127.255.255.254', '[::1]'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['127.0.0.256', '127.0.0', '0.0.0.0', '[::]', 'localhost.example', '10.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it('accepts loopback and allowed hosts only', () => {
    const check = createHostCheck(['Build-Box.lan', 'ci.lan:8080', 'fe80::1']);
    expect(check('localhost:5484')).toBe(true);
    expect(check('build-box.lan:1234')).toBe(true);
    expect(check('ci.lan:8080')).toBe(true);
    expect(check('ci.lan:8081')).toBe(false);
    expect(check('[fe80::1]:5484')).toBe(true);
    expect(check('evil.example')).toBe(false);
    expect(check(undefined)).toBe(false);
    expect(createHostCheck()('build-box.lan')).toBe(false);
  });
});
