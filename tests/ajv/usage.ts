// How a TypeScript vendor checks a document with ajv and then reads it typed: docs/hr-systems.md shows
// this file, and the schema-ajv tox env compiles it with `tsc --strict` against schemas/offer-v1.d.ts.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Offer } from "../../schemas/offer-v1.js";

export function offerChecker(schema: object): (data: unknown) => Offer {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  const validate = ajv.compile<Offer>(schema);
  return (data: unknown): Offer => {
    if (!validate(data)) {
      throw new Error(ajv.errorsText(validate.errors));
    }
    return data; // an Offer from here on: data.salary.rate.amount is a decimal string
  };
}

export function salaryLine(offer: Offer): string {
  const { rate, period } = offer.salary;
  return `${rate.amount} ${rate.currency} a ${period}`;
}
