import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultTenantSettings } from '../db/tenant.ts';
import { customerFieldMessages } from './messages.ts';
import { checkCustomer, type CustomerRules } from './validate.ts';

const requirements = {
  ...defaultTenantSettings().signup.fields,
  phone: 'hidden' as const,
  company: 'mandatory' as const,
};
const rules: CustomerRules = { requirements, tenantCountry: 'DE' };
const complete = {
  firstName: 'Mia',
  lastName: 'Keller',
  street: 'Hauptstraße',
  houseNumber: '5',
  postalCode: '10115',
  city: 'Berlin',
  country: 'DE',
};

describe('customer rules', () => {
  it('answers reason codes per field, not sentences', () => {
    const { problems } = checkCustomer(
      {
        ...complete,
        email: 'nope',
        company: ' ',
        phone: '+49 30 1',
        country: 'xx',
        city: 'x'.repeat(201),
        nickname: 'Mia',
      },
      rules,
      true,
    );
    assert.deepEqual(problems, {
      nickname: { code: 'unknown_field' },
      email: { code: 'email_invalid' },
      company: { code: 'required' },
      city: { code: 'too_long', max: 200 },
      phone: { code: 'hidden_field' },
      country: { code: 'country_invalid' },
    });
  });

  it("checks a postal code against the customer's country, else the tenant's, with postcode-validator's rules", () => {
    const postal = (postalCode: string, country?: string) =>
      checkCustomer({ postalCode, ...(country ? { country } : {}) }, rules, false).problems.postalCode;
    assert.equal(postal('10115', 'DE'), undefined);
    assert.equal(postal('1011 AB', 'NL'), undefined);
    assert.equal(postal('SW1A 1AA', 'GB'), undefined);
    assert.deepEqual(postal('1011', 'DE'), { code: 'postal_code_invalid', country: 'DE' });
    assert.deepEqual(postal('10115', 'NL'), { code: 'postal_code_invalid', country: 'NL' });
    assert.deepEqual(postal('1234'), { code: 'postal_code_invalid', country: 'DE' });
    const english = customerFieldMessages(
      { postalCode: { code: 'postal_code_invalid', country: 'DE' } },
      'en',
      'customer',
    );
    assert.equal(english['customer.postalCode'], 'Please enter a postal code of the chosen country.');
  });

  it("checks a VAT ID against the customer's country, else the tenant's", () => {
    const vat = (vatId: string, country?: string, tenantCountry = 'DE') =>
      checkCustomer({ vatId, ...(country ? { country } : {}) }, { requirements, tenantCountry }, false).problems.vatId;
    assert.deepEqual(vat('NL123456789B01', 'DE'), { code: 'vat_id_wrong_country', country: 'DE' });
    assert.deepEqual(vat('NL123456789B01'), { code: 'vat_id_wrong_country', country: 'DE' });
    assert.deepEqual(vat('DE123'), { code: 'vat_id_invalid', example: 'DE123456789' });
    assert.deepEqual(vat('12', 'US'), { code: 'vat_id_invalid' });
    assert.equal(vat('de 811 907-980', 'DE'), undefined);
    assert.equal(vat('CHE-123.456.788', 'CH'), undefined);
  });

  it('returns the trimmed, normalised values of the fields that passed, and requires nothing in a preview', () => {
    const { customer, problems } = checkCustomer(
      { email: ' mia@example.com ', country: 'nl', vatId: 'nl 123456789 b01', lastName: '' },
      rules,
      false,
    );
    assert.deepEqual(problems, {});
    assert.deepEqual(customer, { email: 'mia@example.com', country: 'NL', vatId: 'NL123456789B01' });
  });

  it('writes the codes as field messages in the request language, English as before', () => {
    const problems = {
      vatId: { code: 'vat_id_wrong_country', country: 'DE' },
      city: { code: 'too_long', max: 200 },
      phone: { code: 'hidden_field' },
      nickname: { code: 'unknown_field' },
    } as const;
    assert.deepEqual(customerFieldMessages(problems, 'en', 'customer'), {
      'customer.vatId': 'This VAT ID is not from DE.',
      'customer.city': 'At most 200 characters.',
      'customer.phone': 'The field "phone" is not part of this signup form and must not be sent.',
      'customer.nickname': 'Unknown field "nickname".',
    });
    const german = customerFieldMessages(problems, 'de-AT', 'address');
    assert.deepEqual(Object.keys(german), ['address.vatId', 'address.city', 'address.phone', 'address.nickname']);
    assert.match(german['address.vatId']!, /USt-IdNr\..*DE/);
    assert.match(german['address.city']!, /200/);
    assert.match(german['address.phone']!, /„phone“/);
    // A language without a translation gets the English messages.
    assert.equal(
      customerFieldMessages({ email: { code: 'required' } }, 'ja', 'customer')['customer.email'],
      'This field is required.',
    );
  });
});
