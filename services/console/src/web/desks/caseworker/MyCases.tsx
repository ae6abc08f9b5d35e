import CaseSearch from '../operator/CaseSearch.tsx';
import { useI18n } from '../../lib/i18n.tsx';

/** The caseworker's cases: her department's (intake scopes the search to it). */
export default function MyCases() {
  const { t } = useI18n();
  return <CaseSearch title={t('我的案件', 'My cases')} />;
}
