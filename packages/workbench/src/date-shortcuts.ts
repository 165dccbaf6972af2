import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

/** Today, the last 7 and the last 30 days: the ranges people pick most in history and the dashboard. */
export function useDateShortcuts() {
  const { t } = useI18n();
  const startOfToday = () => {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    return d;
  };
  const daysBack = (days: number) => () => [
    new Date(startOfToday().getTime() - (days - 1) * 86_400_000),
    new Date(),
  ];
  return computed(() => [
    { text: t('dates.today'), value: daysBack(1) },
    { text: t('dates.last7'), value: daysBack(7) },
    { text: t('dates.last30'), value: daysBack(30) },
  ]);
}
