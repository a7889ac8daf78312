import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from './logger';

const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg: string; n?: number });

describe('createLogger', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'clinic-log-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes a lone line within a fraction of a second, though it fills no block', async () => {
    const file = join(folder, 'quiet.log');
    const logger = createLogger('info', { destination: file });
    logger.info('the only line');
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline && !readFileSync(file, 'utf8').includes('\n')) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(linesOf(file).map((line) => line.msg)).toEqual(['the only line']);
  });
});
