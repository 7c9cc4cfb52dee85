/**
 * QR codes for printed pages (judge cards, certificates), drawn on the server as SVG by the
 * `qrcode` package, so that no page needs a script or a network to show one.
 */
import { toString as qrToString } from 'qrcode';

/** An SVG QR code for `text` (error correction M, a quiet zone of 2 modules). */
export function qrSvg(text: string): Promise<string> {
  return qrToString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
