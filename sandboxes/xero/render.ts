import { dateString, msDate } from './dates';
import { type Stored, type XeroState } from './state';
import {
  type AccountRecord,
  type AllocationRecord,
  type ContactRecord,
  type CurrencyRecord,
  type ItemRecord,
  type JsonObject,
  type PaymentRecord,
  type TaxRateRecord,
  type TransactionRecord,
} from './types';
import { round } from './totals';

/**
 * Records as the Accounting API renders them: PascalCase, `/Date(ms+0000)/`
 * timestamps, calendar dates with a `…String` twin, derived amounts (AmountDue,
 * RemainingCredit) computed from payments and allocations. Empty optional text is
 * omitted (Xero leaves out unset fields). Shapes follow the spec's components.
 */

type Out = { [key: string]: unknown };

function compact(o: Out): JsonObject {
  const out: Out = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as JsonObject;
}

export function renderContact(s: Stored<ContactRecord>): JsonObject {
  const c = s.rec;
  return compact({
    ContactID: c.ContactID,
    ContactNumber: c.ContactNumber,
    AccountNumber: c.AccountNumber,
    ContactStatus: c.ContactStatus,
    Name: c.Name,
    FirstName: c.FirstName,
    LastName: c.LastName,
    EmailAddress: c.EmailAddress,
    CompanyNumber: c.CompanyNumber,
    TaxNumber: c.TaxNumber,
    DefaultCurrency: c.DefaultCurrency,
    Addresses: c.Addresses,
    Phones: c.Phones,
    UpdatedDateUTC: msDate(s.updatedMs),
    ContactGroups: [],
    IsSupplier: c.IsSupplier,
    IsCustomer: c.IsCustomer,
    ContactPersons: [],
    HasAttachments: false,
    HasValidationErrors: false,
  });
}

/** The contact summary nested in transactions. */
function contactRef(state: XeroState, id: string): JsonObject {
  const c = state.contacts.get(id);
  return compact({ ContactID: id, Name: c?.rec.Name, ContactStatus: c?.rec.ContactStatus, EmailAddress: c?.rec.EmailAddress, HasValidationErrors: false });
}

export function renderItem(s: Stored<ItemRecord>): JsonObject {
  const i = s.rec;
  return compact({ ItemID: i.ItemID, Code: i.Code, Name: i.Name, Description: i.Description, PurchaseDescription: i.PurchaseDescription, IsSold: i.IsSold, IsPurchased: i.IsPurchased, IsTrackedAsInventory: i.IsTrackedAsInventory, SalesDetails: i.SalesDetails ?? {}, PurchaseDetails: i.PurchaseDetails ?? {}, UpdatedDateUTC: msDate(s.updatedMs) });
}

export function renderAccount(s: Stored<AccountRecord>): JsonObject {
  const a = s.rec;
  return compact({ ...a, ShowInExpenseClaims: false, HasAttachments: false, AddToWatchlist: false, UpdatedDateUTC: msDate(s.updatedMs) });
}

export function renderTaxRate(t: TaxRateRecord): JsonObject {
  return {
    Name: t.Name,
    TaxType: t.TaxType,
    TaxComponents: [{ Name: 'GST', Rate: t.rate, IsCompound: false, IsNonRecoverable: false }],
    Status: t.Status,
    CanApplyToAssets: true,
    CanApplyToEquity: true,
    CanApplyToExpenses: t.CanApplyToExpenses,
    CanApplyToLiabilities: true,
    CanApplyToRevenue: t.CanApplyToRevenue,
    DisplayTaxRate: t.rate,
    EffectiveRate: t.rate,
  };
}

export function renderCurrency(c: CurrencyRecord): JsonObject {
  return { Code: c.Code, Description: c.Description };
}

export function renderOrganisation(state: XeroState): JsonObject {
  const o = state.org;
  return {
    OrganisationID: o.OrganisationID,
    APIKey: '',
    Name: o.Name,
    LegalName: o.LegalName,
    PaysTax: true,
    Version: o.Version,
    OrganisationType: 'COMPANY',
    BaseCurrency: o.BaseCurrency,
    CountryCode: o.CountryCode,
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    FinancialYearEndDay: 31,
    FinancialYearEndMonth: 3,
    SalesTaxBasis: 'INVOICE',
    SalesTaxPeriod: 'TWOMONTHS',
    DefaultSalesTax: 'Tax Exclusive',
    DefaultPurchasesTax: 'Tax Exclusive',
    CreatedDateUTC: msDate(o.createdMs),
    OrganisationEntityType: 'COMPANY',
    Timezone: 'NEWZEALANDSTANDARDTIME',
    ShortCode: o.ShortCode,
    Class: 'PREMIUM',
    Edition: 'BUSINESS',
    LineOfBusiness: 'Retail',
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
  };
}

function allocated(state: XeroState, ids: string[]): AllocationRecord[] {
  return ids.map((id) => state.allocations.get(id)?.rec).filter((a): a is AllocationRecord => a !== undefined && !a.IsDeleted);
}

function payments(state: XeroState, ids: string[]): PaymentRecord[] {
  return ids.map((id) => state.payments.get(id)?.rec).filter((p): p is PaymentRecord => p !== undefined && p.Status === 'AUTHORISED');
}

function lines(t: TransactionRecord): JsonObject[] {
  return t.LineItems.map((l) => compact({ LineItemID: l.LineItemID, Description: l.Description, Quantity: l.Quantity, UnitAmount: l.UnitAmount, ItemCode: l.ItemCode, AccountCode: l.AccountCode, TaxType: l.TaxType, TaxAmount: l.TaxAmount, LineAmount: l.LineAmount, DiscountRate: l.DiscountRate, Tracking: [] }));
}

function dates(t: TransactionRecord): Out {
  return {
    Date: msDate(t.dateMs),
    DateString: dateString(t.dateMs),
    DueDate: t.dueDateMs === undefined ? undefined : msDate(t.dueDateMs),
    DueDateString: t.dueDateMs === undefined ? undefined : dateString(t.dueDateMs),
  };
}

export function renderInvoice(state: XeroState, s: Stored<TransactionRecord>): JsonObject {
  const t = s.rec;
  const pays = payments(state, t.paymentIds);
  const allocs = allocated(state, t.allocationIds);
  return compact({
    Type: t.Type,
    InvoiceID: t.id,
    InvoiceNumber: t.Number,
    Reference: t.Reference,
    Contact: contactRef(state, t.ContactID),
    ...dates(t),
    Status: t.Status,
    LineAmountTypes: t.LineAmountTypes,
    LineItems: lines(t),
    SubTotal: t.SubTotal,
    TotalTax: t.TotalTax,
    Total: t.Total,
    UpdatedDateUTC: msDate(s.updatedMs),
    CurrencyCode: t.CurrencyCode,
    CurrencyRate: t.CurrencyRate,
    AmountDue: round(t.Total - t.AmountPaid - t.AmountCredited),
    AmountPaid: t.AmountPaid,
    AmountCredited: t.AmountCredited,
    FullyPaidOnDate: t.fullyPaidOnMs === undefined ? undefined : msDate(t.fullyPaidOnMs),
    SentToContact: t.SentToContact,
    IsDiscounted: t.LineItems.some((l) => (l.DiscountRate ?? 0) > 0),
    HasAttachments: false,
    HasErrors: false,
    Payments: pays.map((p) => ({ PaymentID: p.PaymentID, Date: msDate(p.dateMs), Amount: p.Amount, CurrencyRate: 1, HasAccount: false, HasValidationErrors: false })),
    CreditNotes: allocs.map((a) => {
      const cn = state.creditNotes.get(a.creditNoteId)?.rec;
      return compact({ CreditNoteID: a.creditNoteId, CreditNoteNumber: cn?.Number, Total: cn?.Total, AppliedAmount: a.Amount, Date: msDate(a.dateMs), HasErrors: false });
    }),
    Prepayments: [],
    Overpayments: [],
  });
}

export function remainingCredit(state: XeroState, t: TransactionRecord): number {
  const used = allocated(state, t.allocationIds).reduce((n, a) => n + a.Amount, 0) + payments(state, t.paymentIds).reduce((n, p) => n + p.Amount, 0);
  return round(t.Total - used);
}

export function renderCreditNote(state: XeroState, s: Stored<TransactionRecord>): JsonObject {
  const t = s.rec;
  return compact({
    Type: t.Type,
    CreditNoteID: t.id,
    CreditNoteNumber: t.Number,
    Reference: t.Reference,
    Contact: contactRef(state, t.ContactID),
    ...dates(t),
    Status: t.Status,
    LineAmountTypes: t.LineAmountTypes,
    LineItems: lines(t),
    SubTotal: t.SubTotal,
    TotalTax: t.TotalTax,
    Total: t.Total,
    UpdatedDateUTC: msDate(s.updatedMs),
    CurrencyCode: t.CurrencyCode,
    CurrencyRate: t.CurrencyRate,
    FullyPaidOnDate: t.fullyPaidOnMs === undefined ? undefined : msDate(t.fullyPaidOnMs),
    RemainingCredit: remainingCredit(state, t),
    Allocations: allocated(state, t.allocationIds).map((a) => renderAllocation(state, a)),
    Payments: payments(state, t.paymentIds).map((p) => ({ PaymentID: p.PaymentID, Date: msDate(p.dateMs), Amount: p.Amount })),
    HasAttachments: false,
    HasErrors: false,
  });
}

export function renderAllocation(state: XeroState, a: AllocationRecord): JsonObject {
  const inv = state.invoices.get(a.invoiceId)?.rec;
  const cn = state.creditNotes.get(a.creditNoteId)?.rec;
  return compact({
    AllocationID: a.AllocationID,
    Amount: a.Amount,
    Date: msDate(a.dateMs),
    IsDeleted: a.IsDeleted,
    Invoice: compact({ InvoiceID: a.invoiceId, InvoiceNumber: inv?.Number, Type: inv?.Type }),
    CreditNote: compact({ CreditNoteID: a.creditNoteId, CreditNoteNumber: cn?.Number, Type: cn?.Type }),
  });
}

export function renderPayment(state: XeroState, s: Stored<PaymentRecord>): JsonObject {
  const p = s.rec;
  const account = state.accounts.get(p.AccountID)?.rec;
  const doc = p.documentKind === 'invoice' ? state.invoices.get(p.documentId)?.rec : state.creditNotes.get(p.documentId)?.rec;
  const docRef = compact({
    [p.documentKind === 'invoice' ? 'InvoiceID' : 'CreditNoteID']: p.documentId,
    [p.documentKind === 'invoice' ? 'InvoiceNumber' : 'CreditNoteNumber']: doc?.Number,
    Type: doc?.Type,
    CurrencyCode: doc?.CurrencyCode,
    Contact: doc ? contactRef(state, doc.ContactID) : undefined,
  });
  return compact({
    PaymentID: p.PaymentID,
    Date: msDate(p.dateMs),
    Amount: p.Amount,
    BankAmount: p.Amount,
    Reference: p.Reference,
    CurrencyRate: 1,
    PaymentType: p.PaymentType,
    Status: p.Status,
    UpdatedDateUTC: msDate(s.updatedMs),
    HasAccount: true,
    IsReconciled: false,
    HasValidationErrors: false,
    Account: compact({ AccountID: p.AccountID, Code: account?.Code }),
    [p.documentKind === 'invoice' ? 'Invoice' : 'CreditNote']: docRef,
  });
}
