import { describe, expect, it } from 'vitest';
import { AmountError, currencyExponent, decimalToMinor, minorToDecimal } from '../../canonical/common';

describe('decimalToMinor', () => {
  it.each([
    ['19.99', 'USD', 1999],
    ['0.5', 'USD', 50],
    ['7', 'USD', 700],
    ['-3.10', 'EUR', -310],
    ['1500', 'JPY', 1500],
    ['1500.00', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
    ['12.5', 'BHD', 12500],
    ['0.010', 'USD', 1],
    ['-0.00', 'USD', 0],
  ])('given %s %s, when converted, then it is %i minor units', (decimal, currency, minor) => {
    expect(decimalToMinor(decimal, currency)).toBe(minor);
  });

  it('given the float-trap amount 0.29 (0.29*100 = 28.999...), when converted, then it is exactly 29', () => {
    expect(decimalToMinor('0.29', 'USD')).toBe(29);
    expect(decimalToMinor('1.15', 'USD')).toBe(115);
  });

  it.each([
    ['19.999', 'USD'],
    ['1.5', 'JPY'],
    ['0.1', 'KRW'],
    ['1.2345', 'KWD'],
  ])('given %s %s with more precision than the currency has, when converted, then it throws AmountError', (decimal, currency) => {
    expect(() => decimalToMinor(decimal, currency)).toThrow(AmountError);
    expect(() => decimalToMinor(decimal, currency)).toThrow(/more precision than/);
  });

  it.each(['', 'abc', '1,50', '1.', '.5', '1e3', '$5'])('given the non-decimal %j, when converted, then it throws AmountError', (decimal) => {
    expect(() => decimalToMinor(decimal, 'USD')).toThrow(AmountError);
  });

  it('given an amount beyond exact integer range, when converted, then it throws instead of losing cents', () => {
    expect(() => decimalToMinor('90071992547409.93', 'USD')).toThrow(/too large/);
  });
});

describe('minorToDecimal', () => {
  it.each([
    [1999, 'USD', '19.99'],
    [5, 'USD', '0.05'],
    [-310, 'EUR', '-3.10'],
    [0, 'USD', '0.00'],
    [1500, 'JPY', '1500'],
    [-7, 'JPY', '-7'],
    [1234, 'KWD', '1.234'],
    [1, 'TND', '0.001'],
  ])('given %i %s, when formatted, then it is %s', (minor, currency, decimal) => {
    expect(minorToDecimal(minor, currency)).toBe(decimal);
  });

  it('given a fractional number of minor units, when formatted, then it throws AmountError', () => {
    expect(() => minorToDecimal(19.5, 'USD')).toThrow(AmountError);
  });

  it.each(['USD', 'JPY', 'KWD'])('given %s amounts, when formatted and parsed back, then the round trip is exact', (currency) => {
    for (const minor of [0, 1, 9, 10, 99, 100, 101, 12345, -12345, 999999999]) {
      expect(decimalToMinor(minorToDecimal(minor, currency), currency)).toBe(minor);
    }
  });
});

describe('currencyExponent', () => {
  it('given zero-, two- and three-decimal currencies, when asked, then the ISO 4217 exponents come back', () => {
    expect([currencyExponent('JPY'), currencyExponent('USD'), currencyExponent('KWD'), currencyExponent('GBP')]).toEqual([0, 2, 3, 2]);
  });
});
