/**
 * The parser worker's entry (a worker thread started by upload-parser.ts): reads one workbook per
 * message and answers with the SheetResult. It says `ready` once loaded, so that the time limit of
 * a job never counts the worker's start. Kept apart from the event loop that answers requests.
 */
import { parentPort } from 'worker_threads';
import { readWorkbook } from './upload-sheet';

const port = parentPort;
if (port) {
  port.on('message', (job: { id: number; buffer: Uint8Array }) => {
    readWorkbook(Buffer.from(job.buffer.buffer, job.buffer.byteOffset, job.buffer.byteLength)).then(
      (result) => port.postMessage({ id: job.id, result }),
      (e: unknown) => port.postMessage({ id: job.id, failed: String(e) }),
    );
  });
  port.postMessage({ ready: true });
}
