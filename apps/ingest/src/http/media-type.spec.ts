import { isJsonMediaType } from './media-type';

describe('the HTTP door media type', () => {
  it.each(['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"'])('accepts %s', (type) => {
    expect(isJsonMediaType(type)).toBe(true);
  });

  it.each([undefined, '', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/jsonx'])(
    'refuses %s',
    (type) => {
      expect(isJsonMediaType(type)).toBe(false);
    },
  );
});
