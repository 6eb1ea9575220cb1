import { type SandboxServer } from '../framework/server';
import { batch, fail, str } from './batch';
import { notFound } from './errors';
import { bearerOk, envelope, instanceId, mountXero, type XeroApiContext } from './http';
import { listQuery } from './list';
import { renderAccount, renderCurrency, renderOrganisation, renderTaxRate } from './render';
import { currencyName } from './state';
import { unauthorized } from './errors';

/**
 * Organisation settings: Organisation, Accounts (chart of accounts), TaxRates,
 * Currencies (https://developer.xero.com/documentation/api/accounting/organisation,
 * …/accounts, …/taxrates, …/currencies), plus the identity API's
 * GET /connections listing the tenants a token may use
 * (https://developer.xero.com/documentation/guides/oauth2/auth-flow/#5-check-the-tenants-youre-authorized-to-access).
 */

export function mountSettingsRoutes(server: SandboxServer, ctx: XeroApiContext, connection: { id: string; authEventId: string; createdMs: number }): void {
  const { state } = ctx;
  mountXero(server, ctx, 'GET', '/Organisation', () => envelope(ctx, 'Organisations', [renderOrganisation(state)]));

  mountXero(server, ctx, 'GET', '/Accounts', (req) => {
    const result = listQuery(req, { stored: state.accounts.all(), render: renderAccount, id: (a) => a.AccountID, pageSizeParam: false });
    return envelope(ctx, 'Accounts', result.records);
  });
  mountXero(server, ctx, 'GET', '/Accounts/{AccountID}', (req) => {
    const s = state.accounts.get(req.params.AccountID ?? '');
    return s ? envelope(ctx, 'Accounts', [renderAccount(s)]) : notFound();
  });

  mountXero(server, ctx, 'GET', '/TaxRates', (req) => {
    const stored = [...state.taxRates.values()].map((rec) => ({ rec, updatedMs: state.org.createdMs }));
    const result = listQuery(req, { stored, render: (s) => renderTaxRate(s.rec), id: (t) => t.TaxType, pageSizeParam: false });
    return envelope(ctx, 'TaxRates', result.records);
  });
  mountXero(server, ctx, 'GET', '/TaxRates/{TaxType}', (req) => {
    const t = state.taxRates.get((req.params.TaxType ?? '').toUpperCase());
    return t ? envelope(ctx, 'TaxRates', [renderTaxRate(t)]) : notFound();
  });

  mountXero(server, ctx, 'GET', '/Currencies', (req) => {
    const stored = [...state.currencies.values()].map((rec) => ({ rec, updatedMs: state.org.createdMs }));
    const result = listQuery(req, { stored, render: (s) => renderCurrency(s.rec), id: (c) => c.Code, pageSizeParam: false });
    return envelope(ctx, 'Currencies', result.records);
  });
  // PUT /Currencies subscribes the organisation to one more currency.
  mountXero(server, ctx, 'PUT', '/Currencies', (req, body) =>
    batch(ctx, req, body, 'Currencies', (el) => {
      const errors: string[] = [];
      const code = str(el, 'Code', errors);
      if (!code || !/^[A-Z]{3}$/.test(code)) errors.push('A valid currency Code must be specified.');
      fail(errors);
      return {
        commit: () => {
          const rec = state.currencies.get(code ?? '') ?? { Code: code ?? '', Description: currencyName(code ?? '') };
          state.currencies.set(rec.Code, rec);
          return renderCurrency(rec);
        },
      };
    }),
  );

  // Identity API: GET https://api.xero.com/connections (bearer token only, no tenant header).
  server.route('GET', '/connections', (req) => {
    if (!bearerOk(req, ctx.accessToken())) return unauthorized(instanceId());
    const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '');
    return {
      status: 200,
      body: [
        {
          id: connection.id,
          authEventId: connection.authEventId,
          tenantId: state.tenantId,
          tenantType: 'ORGANISATION',
          tenantName: state.org.Name,
          createdDateUtc: iso(connection.createdMs),
          updatedDateUtc: iso(connection.createdMs),
        },
      ],
    };
  });
}
