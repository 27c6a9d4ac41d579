import { DETECTOR_NAMES, findPii, ibanValid, luhnValid } from './index';

const found = (text: string) => findPii(text).map((s) => [s.label, text.slice(s.start, s.end)]);

describe('PII detectors', () => {
  it.each([
    ['EMAIL', 'write to jane.doe+news@mail.example.co.uk today', 'jane.doe+news@mail.example.co.uk'],
    ['PHONE', 'call +1 415 555 0132 now', '+1 415 555 0132'],
    ['PHONE', 'call +44 20 7946 0958.', '+44 20 7946 0958'],
    ['PHONE', 'office (415) 555-0132', '(415) 555-0132'],
    ['PHONE', 'cell 415.555.0132', '415.555.0132'],
    ['CARD', 'card 4111 1111 1111 1111 exp 12/29', '4111 1111 1111 1111'],
    ['CARD', 'mc 5555-5555-5555-4444', '5555-5555-5555-4444'],
    ['CARD', 'amex 378282246310005', '378282246310005'],
    ['IBAN', 'pay to DE89 3704 0044 0532 0130 00 please', 'DE89 3704 0044 0532 0130 00'],
    ['IBAN', 'iban GB82WEST12345698765432', 'GB82WEST12345698765432'],
    ['SSN', 'ssn 123-45-6789.', '123-45-6789'],
    ['IP', 'from 192.168.1.20, then', '192.168.1.20'],
    ['IP', 'host 2001:db8:85a3::8a2e:370:7334 answered', '2001:db8:85a3::8a2e:370:7334'],
  ])('finds a %s in %j', (label, text, value) => {
    expect(found(text)).toEqual([[label, value]]);
  });

  it.each([
    ['a retina image name', 'see icon@2x.png'],
    ['a handle', 'ping @jane or user@localhost'],
    ['a Luhn-invalid card', '4111 1111 1111 1112'],
    ['a Luhn-valid number with no card issuer prefix', 'ref 1234 5678 9012 3452'],
    ['an IBAN with a wrong check', 'DE89 3704 0044 0532 0130 01'],
    ['SSNs that are never issued', '000-12-3456 666-12-3456 912-34-5678 123-00-4567 123-45-0000'],
    ['a date', 'on 2024-01-15 and 15.01.2024'],
    ['version numbers', 'v1.2.3 and 10.15.7 and 01.02.03.04'],
    ['an impossible IPv4', '999.1.1.1'],
    ['a time of day', 'at 12:30:45'],
    ['C++ scope operators and loopback', 'std::vector and ::1'],
    ['a plain order number', 'order 12345678901 shipped'],
    ['a short digit group', 'call 555-0132'],
    ['a too-short international number', '+1 23'],
  ])('leaves %s alone', (_name, text) => {
    expect(found(text)).toEqual([]);
  });

  it('lets the stronger finding win where two overlap', () => {
    // The card's digits also look like a phone number to the phone pattern.
    expect(found('card +4111 1111 1111 1111')).toEqual([['CARD', '4111 1111 1111 1111']]);
  });

  it('finds many kinds in one text, in order', () => {
    const text = 'Jane (jane@example.com, +49 30 901820) paid with 4242424242424242 from 10.0.0.7';
    expect(found(text).map(([label]) => label)).toEqual(['EMAIL', 'PHONE', 'CARD', 'IP']);
  });

  it('finds PII deep in a long prompt, back to back, and at the very start and end', () => {
    const filler = 'Lorem ipsum dolor sit amet. Version 2.1 at 10:30. '.repeat(400);
    const text = `a@example.com ${filler}x.y@example.org,b@example.net ${filler}10.0.0.1 fe80:0:0:0:202:b3ff:fe1e:8329`;
    expect(found(text)).toEqual([
      ['EMAIL', 'a@example.com'],
      ['EMAIL', 'x.y@example.org'],
      ['EMAIL', 'b@example.net'],
      ['IP', '10.0.0.1'],
      ['IP', 'fe80:0:0:0:202:b3ff:fe1e:8329'],
    ]);
    const longLocal = `${'l'.repeat(64)}@example.com`;
    expect(found(`${filler}${longLocal}`)).toEqual([['EMAIL', longLocal]]);
  });

  it('implements the checksums', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(ibanValid('FR1420041010050500013M02606')).toBe(true);
    expect(ibanValid('FR1420041010050500013M02607')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false); // one character short for DE
  });

  it('names its detectors for policies', () => {
    expect(DETECTOR_NAMES).toEqual(['email', 'iban', 'card', 'ssn', 'ip', 'phone']);
  });
});
