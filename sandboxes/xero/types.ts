/**
 * Xero Accounting API records as they travel on the wire (PascalCase JSON,
 * https://developer.xero.com/documentation/api/accounting/overview). Only the
 * fields the sandbox models are typed; timestamps are kept as epoch ms in the
 * stores and rendered as `/Date(ms+0000)/` by the renderers.
 */

export type LineAmountType = 'Exclusive' | 'Inclusive' | 'NoTax';
export type InvoiceStatus = 'DRAFT' | 'SUBMITTED' | 'DELETED' | 'AUTHORISED' | 'PAID' | 'VOIDED';
export type InvoiceType = 'ACCREC' | 'ACCPAY';
export type CreditNoteType = 'ACCRECCREDIT' | 'ACCPAYCREDIT';
export type ContactStatus = 'ACTIVE' | 'ARCHIVED' | 'GDPRREQUEST';

/** A JSON value as parsed from a request body. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface Address {
  AddressType: 'POBOX' | 'STREET';
  AddressLine1?: string;
  City?: string;
  Region?: string;
  PostalCode?: string;
  Country?: string;
}

export interface Phone {
  PhoneType: 'DEFAULT' | 'DDI' | 'MOBILE' | 'FAX' | 'OFFICE';
  PhoneNumber?: string;
  PhoneAreaCode?: string;
  PhoneCountryCode?: string;
}

export interface ContactRecord {
  ContactID: string;
  ContactNumber?: string;
  AccountNumber?: string;
  ContactStatus: ContactStatus;
  Name: string;
  FirstName?: string;
  LastName?: string;
  EmailAddress?: string;
  CompanyNumber?: string;
  TaxNumber?: string;
  DefaultCurrency?: string;
  Addresses: Address[];
  Phones: Phone[];
  IsSupplier: boolean;
  IsCustomer: boolean;
}

export interface ItemDetails {
  UnitPrice?: number;
  AccountCode?: string;
  TaxType?: string;
}

export interface ItemRecord {
  ItemID: string;
  Code: string;
  Name?: string;
  Description?: string;
  PurchaseDescription?: string;
  IsSold: boolean;
  IsPurchased: boolean;
  IsTrackedAsInventory: boolean;
  SalesDetails?: ItemDetails;
  PurchaseDetails?: ItemDetails;
}

export interface LineItemRecord {
  LineItemID: string;
  Description?: string;
  Quantity: number;
  UnitAmount: number;
  ItemCode?: string;
  AccountCode?: string;
  TaxType: string;
  TaxAmount: number;
  LineAmount: number;
  DiscountRate?: number;
}

/** Invoices and credit notes share the transaction shape. */
export interface TransactionRecord {
  id: string;
  kind: 'invoice' | 'creditnote';
  Type: InvoiceType | CreditNoteType;
  ContactID: string;
  Number: string;
  Reference?: string;
  dateMs: number;
  dueDateMs?: number;
  Status: InvoiceStatus;
  LineAmountTypes: LineAmountType;
  LineItems: LineItemRecord[];
  CurrencyCode: string;
  CurrencyRate: number;
  SubTotal: number;
  TotalTax: number;
  Total: number;
  AmountPaid: number;
  AmountCredited: number;
  fullyPaidOnMs?: number;
  SentToContact: boolean;
  /** Payments (ids) and credit-note allocations (ids) applied to this document. */
  paymentIds: string[];
  allocationIds: string[];
}

export interface PaymentRecord {
  PaymentID: string;
  /** The document paid: an invoice or a credit note (refund). */
  documentId: string;
  documentKind: 'invoice' | 'creditnote';
  AccountID: string;
  dateMs: number;
  Amount: number;
  Reference?: string;
  Status: 'AUTHORISED' | 'DELETED';
  PaymentType: 'ACCRECPAYMENT' | 'ACCPAYPAYMENT' | 'ARCREDITPAYMENT' | 'APCREDITPAYMENT';
}

export interface AllocationRecord {
  AllocationID: string;
  creditNoteId: string;
  invoiceId: string;
  Amount: number;
  dateMs: number;
  IsDeleted: boolean;
}

export interface AccountRecord {
  AccountID: string;
  Code: string;
  Name: string;
  Type: string;
  Status: 'ACTIVE' | 'ARCHIVED';
  TaxType: string;
  Class: 'ASSET' | 'EQUITY' | 'EXPENSE' | 'LIABILITY' | 'REVENUE';
  EnablePaymentsToAccount: boolean;
  BankAccountNumber?: string;
  BankAccountType?: 'BANK';
  CurrencyCode?: string;
  SystemAccount?: 'DEBTORS' | 'CREDITORS' | 'GST';
}

export interface TaxRateRecord {
  Name: string;
  TaxType: string;
  /** Percent, e.g. 15 for 15 %. */
  rate: number;
  Status: 'ACTIVE';
  CanApplyToRevenue: boolean;
  CanApplyToExpenses: boolean;
}

export interface CurrencyRecord {
  Code: string;
  Description: string;
}

export interface OrganisationRecord {
  OrganisationID: string;
  Name: string;
  LegalName: string;
  BaseCurrency: string;
  CountryCode: string;
  Version: 'NZ' | 'GLOBAL';
  ShortCode: string;
  createdMs: number;
}

/** Webhook event categories the sandbox emits (https://developer.xero.com/documentation/guides/webhooks/overview/). */
export type EventCategory = 'CONTACT' | 'INVOICE' | 'CREDITNOTE';
export type EventType = 'CREATE' | 'UPDATE';
