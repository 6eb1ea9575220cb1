import { IdempotencyStore } from './idempotency';
import { Prng } from './prng';
import {
  type AccountRecord,
  type AllocationRecord,
  type ContactRecord,
  type CurrencyRecord,
  type EventCategory,
  type EventType,
  type ItemRecord,
  type OrganisationRecord,
  type PaymentRecord,
  type TaxRateRecord,
  type TransactionRecord,
} from './types';

/**
 * One Xero organisation (tenant): its settings (chart of accounts, tax rates,
 * subscribed currencies) and its records. Records keep store order (creation
 * order) and an updated timestamp in ms from the sandbox clock, which drives
 * UpdatedDateUTC, If-Modified-Since and webhook event dates.
 */

export interface Stored<T> {
  rec: T;
  updatedMs: number;
}

export class Store<T> {
  private readonly map = new Map<string, Stored<T>>();

  get(id: string): Stored<T> | undefined {
    return this.map.get(id.toLowerCase());
  }

  /** Inserts or replaces (a replacement keeps its place in store order). */
  put(id: string, rec: T, updatedMs: number): Stored<T> {
    const s = { rec, updatedMs };
    this.map.set(id.toLowerCase(), s);
    return s;
  }

  delete(id: string): boolean {
    return this.map.delete(id.toLowerCase());
  }

  all(): Stored<T>[] {
    return [...this.map.values()];
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
  }
}

export type ChangeListener = (category: EventCategory, type: EventType, resourceId: string, atMs: number) => void;

export interface StateOptions {
  tenantId: string;
  tenantName: string;
  baseCurrency: string;
  seed: number;
  clock: () => number;
}

const CURRENCY_NAMES: Record<string, string> = {
  NZD: 'New Zealand Dollar',
  AUD: 'Australian Dollar',
  USD: 'United States Dollar',
  GBP: 'British Pound',
  EUR: 'Euro',
  CAD: 'Canadian Dollar',
  JPY: 'Japanese Yen',
  SGD: 'Singapore Dollar',
  ZAR: 'South African Rand',
};

export function currencyName(code: string): string {
  return CURRENCY_NAMES[code] ?? code;
}

export class XeroState {
  readonly org: OrganisationRecord;
  readonly accounts = new Store<AccountRecord>();
  readonly taxRates = new Map<string, TaxRateRecord>();
  readonly currencies = new Map<string, CurrencyRecord>();
  readonly contacts = new Store<ContactRecord>();
  readonly items = new Store<ItemRecord>();
  readonly invoices = new Store<TransactionRecord>();
  readonly creditNotes = new Store<TransactionRecord>();
  readonly payments = new Store<PaymentRecord>();
  readonly allocations = new Store<AllocationRecord>();
  readonly idempotency = new IdempotencyStore();
  readonly listeners: ChangeListener[] = [];
  prng: Prng;
  private invoiceSeq = 0;
  private creditNoteSeq = 0;

  constructor(private readonly opts: StateOptions) {
    this.prng = new Prng(opts.seed);
    this.org = {
      OrganisationID: opts.tenantId,
      Name: opts.tenantName,
      LegalName: opts.tenantName,
      BaseCurrency: opts.baseCurrency,
      CountryCode: opts.baseCurrency === 'NZD' ? 'NZ' : opts.baseCurrency.slice(0, 2),
      Version: opts.baseCurrency === 'NZD' ? 'NZ' : 'GLOBAL',
      ShortCode: '!' + this.prng.letters(5),
      createdMs: opts.clock(),
    };
    this.seedSettings();
  }

  get tenantId(): string {
    return this.opts.tenantId;
  }

  now(): number {
    return this.opts.clock();
  }

  /** Every change to a webhook-bearing record goes through here. */
  changed(category: EventCategory, type: EventType, resourceId: string, atMs: number): void {
    for (const l of this.listeners) l(category, type, resourceId, atMs);
  }

  nextInvoiceNumber(): string {
    return `INV-${String(++this.invoiceSeq).padStart(4, '0')}`;
  }

  nextCreditNoteNumber(): string {
    return `CN-${String(++this.creditNoteSeq).padStart(4, '0')}`;
  }

  account(code: string): AccountRecord | undefined {
    return this.accounts.all().find((a) => a.rec.Code.toLowerCase() === code.toLowerCase())?.rec;
  }

  /** Back to a fresh organisation: settings re-seeded, records and idempotency keys gone. */
  reset(): void {
    for (const s of [this.contacts, this.items, this.invoices, this.creditNotes, this.payments, this.allocations, this.accounts]) s.clear();
    this.taxRates.clear();
    this.currencies.clear();
    this.idempotency.clear();
    this.invoiceSeq = 0;
    this.creditNoteSeq = 0;
    this.prng = new Prng(this.opts.seed);
    this.seedSettings();
  }

  /**
   * A demo organisation's settings: NZ-style GST tax types (OUTPUT2/INPUT2 15 %,
   * NONE, ZERORATED, EXEMPTOUTPUT), a small chart of accounts, and the base
   * currency plus a few foreign currencies (multi-currency orgs subscribe to them,
   * https://developer.xero.com/documentation/api/accounting/currencies).
   */
  private seedSettings(): void {
    const t = this.now();
    const rates: [string, string, number, boolean, boolean][] = [
      ['OUTPUT2', '15% GST on Income', 15, true, false],
      ['INPUT2', '15% GST on Expenses', 15, false, true],
      ['NONE', 'No GST', 0, true, true],
      ['ZERORATED', 'Zero Rated', 0, true, false],
      ['EXEMPTOUTPUT', 'Exempt Sales', 0, true, false],
    ];
    for (const [TaxType, Name, rate, rev, exp] of rates) this.taxRates.set(TaxType, { TaxType, Name, rate, Status: 'ACTIVE', CanApplyToRevenue: rev, CanApplyToExpenses: exp });
    const accounts: [string, string, string, AccountRecord['Class'], string, Partial<AccountRecord>][] = [
      ['090', 'Business Bank Account', 'BANK', 'ASSET', 'NONE', { EnablePaymentsToAccount: true, BankAccountNumber: '0102030405060708', BankAccountType: 'BANK', CurrencyCode: this.org.BaseCurrency }],
      ['200', 'Sales', 'REVENUE', 'REVENUE', 'OUTPUT2', {}],
      ['260', 'Other Revenue', 'REVENUE', 'REVENUE', 'OUTPUT2', {}],
      ['310', 'Cost of Goods Sold', 'DIRECTCOSTS', 'EXPENSE', 'INPUT2', {}],
      ['400', 'Advertising', 'EXPENSE', 'EXPENSE', 'INPUT2', {}],
      ['429', 'General Expenses', 'EXPENSE', 'EXPENSE', 'INPUT2', {}],
      ['610', 'Accounts Receivable', 'CURRENT', 'ASSET', 'NONE', { SystemAccount: 'DEBTORS' }],
      ['800', 'Accounts Payable', 'CURRLIAB', 'LIABILITY', 'NONE', { SystemAccount: 'CREDITORS' }],
      ['820', 'GST', 'CURRLIAB', 'LIABILITY', 'NONE', { SystemAccount: 'GST' }],
    ];
    for (const [Code, Name, Type, Class, TaxType, extra] of accounts) {
      const AccountID = this.prng.uuid();
      this.accounts.put(AccountID, { AccountID, Code, Name, Type, Class, TaxType, Status: 'ACTIVE', EnablePaymentsToAccount: false, ...extra }, t);
    }
    for (const code of [this.org.BaseCurrency, ...['USD', 'AUD', 'GBP', 'EUR'].filter((c) => c !== this.org.BaseCurrency)]) {
      this.currencies.set(code, { Code: code, Description: currencyName(code) });
    }
  }
}
