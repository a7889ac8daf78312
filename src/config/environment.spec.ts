import { validateEnvironment } from './environment';

describe('environment', () => {
  it('applies defaults', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({ PORT: 3000, MIGRATIONS_RUN: true, CLINIC_TIME_ZONE: 'America/Toronto' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('converts values', () => {
    expect(validateEnvironment({ PORT: '8080', MIGRATIONS_RUN: 'false' })).toMatchObject({ PORT: 8080, MIGRATIONS_RUN: false });
  });

  it('names every wrong variable', () => {
    expect(() => validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x/y', CLINIC_TIME_ZONE: 'Mars/Base' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*CLINIC_TIME_ZONE/,
    );
  });

  it('ignores variables it does not know', () => {
    expect(validateEnvironment({ PATH: '/bin' })).not.toHaveProperty('PATH');
  });
});
