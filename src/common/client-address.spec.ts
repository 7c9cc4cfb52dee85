import { parseTrustProxy } from '../config/app-config';
import { clientAddress } from './client-address';

describe('clientAddress', () => {
  const none = parseTrustProxy('false');
  const one = parseTrustProxy('true');
  const two = parseTrustProxy('2');
  const listed = parseTrustProxy('10.0.0.1, 10.0.0.2');

  it.each([
    // [peer, X-Forwarded-For, trust, expected]
    ['203.0.113.9', undefined, none, '203.0.113.9'],
    ['203.0.113.9', '1.2.3.4', none, '203.0.113.9'],
    ['::ffff:203.0.113.9', undefined, none, '203.0.113.9'],
    ['10.0.0.1', '198.51.100.7', one, '198.51.100.7'],
    ['10.0.0.1', '6.6.6.6, 198.51.100.7', one, '198.51.100.7'],
    ['10.0.0.1', undefined, one, '10.0.0.1'],
    ['10.0.0.1', '6.6.6.6, 198.51.100.7', listed, '198.51.100.7'],
    ['10.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.2', two, '198.51.100.7'],
    ['10.0.0.1', '198.51.100.7', two, '198.51.100.7'],
    
    ['10.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.2', listed, '198.51.100.7'],
    // A peer that is not a listed proxy: its header is not believed.
    ['203.0.113.9', '6.6.6.6', listed, '203.0.113.9'],
    // Garbage in the header ends the walk at the hop that reported it.
    ['10.0.0.1', 'not-an-address', one, '10.0.0.1'],
    ['10.0.0.1', ['6.6.6.6', '198.51.100.7'], one, '198.51.100.7'],
  ])('peer %s, X-Forwarded-For %j → %j', (peer, xff, trust, expected) => {
    expect(clientAddress(peer, xff as string | string[] | undefined, trust as ReturnType<typeof parseTrustProxy>)).toBe(expected);
  });
});
