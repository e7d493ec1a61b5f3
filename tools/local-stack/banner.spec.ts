import { adminTokenLocation, maskUrlPassword } from './banner';

describe('start banner', () => {
  it('masks the password of a database URL and keeps the rest', () => {
    const masked = maskUrlPassword('postgres://hookline:s3cr%40t@127.0.0.1:5433/hookline?sslmode=disable');
    expect(masked).toBe('postgres://hookline:***@127.0.0.1:5433/hookline?sslmode=disable');
    expect(masked).not.toContain('s3cr');
  });

  it('leaves URLs without a password, and non-URLs, as they are', () => {
    expect(maskUrlPassword('postgres://hookline@db:5432/hookline')).toBe('postgres://hookline@db:5432/hookline');
    expect(maskUrlPassword('not a url')).toBe('not a url');
  });

  it('says where the admin token is kept, not the token', () => {
    expect(adminTokenLocation(true, '/x/.data/admin.token')).toBe('from HOOKLINE_ADMIN_TOKEN (your environment)');
    expect(adminTokenLocation(false, '/x/.data/admin.token')).toContain('/x/.data/admin.token');
  });
});
