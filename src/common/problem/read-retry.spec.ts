import { Controller, Get, Param, Post } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { QueryFailedError } from 'typeorm';
import { ROLES_KEY, Roles } from '../auth/decorators';
import { ServiceUnavailable } from './problem';
import { retriedOnce, retryReadsOnce } from './read-retry';

const conflict = (code: string) => new QueryFailedError('SELECT', [], Object.assign(new Error('conflict'), { code }));

/** A read that fails with `failures` in turn, then answers. */
function read(failures: Error[]): (() => Promise<string>) & { calls: number } {
  const r = Object.assign(
    async () => {
      const failure = failures[r.calls++];
      if (failure) throw failure;
      return 'rows';
    },
    { calls: 0 },
  );
  return r;
}

describe('retriedOnce', () => {
  it.each(['40P01', '40001'])('runs a read that failed with %s once more', async (code) => {
    const r = read([conflict(code)]);
    await expect(retriedOnce(r)).resolves.toBe('rows');
    expect(r.calls).toBe(2);
  });

  it('answers 503 when the second run fails too', async () => {
    const r = read([conflict('40P01'), conflict('40001'), conflict('40001')]);
    await expect(retriedOnce(r)).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(r.calls).toBe(2);
  });

  it('leaves other errors alone', async () => {
    const r = read([new Error('boom')]);
    await expect(retriedOnce(r)).rejects.toThrow('boom');
    expect(r.calls).toBe(1);
  });
});

const failures: Record<string, Error[]> = {};
const calls: Record<string, number> = {};
function next(name: string): string {
  calls[name] = (calls[name] ?? 0) + 1;
  const failure = failures[name]?.shift();
  if (failure) throw failure;
  return name;
}

@Controller('things')
class ThingsController {
  private readonly prefix = 'thing';

  @Get(':id')
  @Roles('therapist')
  async get(@Param('id') id: string): Promise<{ id: string; by: string }> {
    return { id, by: `${this.prefix}:${next('get')}` };
  }

  @Post()
  async create(): Promise<{ by: string }> {
    return { by: next('create') };
  }
}

describe('retryReadsOnce', () => {
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    const module = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    app = module.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    retryReadsOnce(app);
    retryReadsOnce(app); // a second app on the same controllers must not wrap twice
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = await app.getUrl();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    for (const name of ['get', 'create']) [failures[name], calls[name]] = [[], 0];
  });

  it('runs a GET handler once more after a deadlock, with its parameters and its own `this`', async () => {
    failures.get = [conflict('40P01')];
    const answer = await fetch(`${base}/things/7`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ id: '7', by: 'thing:get' });
    expect(calls.get).toBe(2);
  });

  it('answers 503 when the second run of a GET fails the same way, and runs it only twice', async () => {
    failures.get = [conflict('40001'), conflict('40001'), conflict('40001')];
    const answer = await fetch(`${base}/things/7`);
    expect(answer.status).toBe(503);
    expect(calls.get).toBe(2);
  });

  it('leaves writes alone: a conflicting POST runs once', async () => {
    failures.create = [conflict('40001')];
    const answer = await fetch(`${base}/things`, { method: 'POST' });
    expect(answer.status).toBe(500); // no problem filter here; the API's answers 409
    expect(calls.create).toBe(1);
  });

  it('keeps the handler’s metadata (route, roles) on the wrapped handler', () => {
    const handler = ThingsController.prototype.get;
    expect(handler.name).toBe('get');
    expect(Reflect.getMetadata(ROLES_KEY, handler)).toEqual(['therapist']);
  });
});
