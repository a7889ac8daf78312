import { parseAdminCreateArgs } from './admin-create.cli';

describe('admin:create arguments', () => {
  it('reads email, password and name', () => {
    expect(parseAdminCreateArgs(['--email', 'a@b.c', '--password', 'a long password', '--name', 'Dana Morel'])).toEqual({
      email: 'a@b.c',
      password: 'a long password',
      name: 'Dana Morel',
    });
  });

  it('leaves the password unset so it is read from standard input', () => {
    expect(parseAdminCreateArgs(['--email=a@b.c'])).toEqual({ email: 'a@b.c', password: undefined, name: undefined });
  });

  it('refuses a missing email, unknown options and stray words', () => {
    expect(parseAdminCreateArgs([])).toBeUndefined();
    expect(parseAdminCreateArgs(['--email', 'a@b.c', '--role', 'admin'])).toBeUndefined();
    expect(parseAdminCreateArgs(['--email', 'a@b.c', 'extra'])).toBeUndefined();
  });
});
