import { centsToDecimal } from '../commerce-records';
import { money } from './context';

/** MoneyBag: the sandbox shop has one currency, so shop and presentment money agree. */
export function moneyBag(cents: number, currencyCode: string): { shopMoney: ReturnType<typeof money>; presentmentMoney: ReturnType<typeof money> } {
  const m = money(centsToDecimal(cents), currencyCode);
  return { shopMoney: m, presentmentMoney: { ...m } };
}
