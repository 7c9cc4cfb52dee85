import { qrSvg } from './qr';

describe('qrSvg', () => {
  it('draws an SVG QR code that grows with its text', async () => {
    const short = await qrSvg('https://example.test/public/certificates/C-1');
    const long = await qrSvg(`https://example.test/judge.html#k=${'a'.repeat(120)}`);
    expect(short).toMatch(/^<svg[^>]*viewBox="0 0 (\d+) \1"/);
    const size = (svg: string) => Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);
    expect(size(long)).toBeGreaterThan(size(short));
  });
});
