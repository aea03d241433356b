import { useMemo } from 'react'
import type { EChartsCoreOption } from 'echarts/core'
import { EChart } from './echart.tsx'
import { Empty } from './status.tsx'
import { formatNumber } from '../lib/format.ts'
import { hasValues, type ChartRow } from '../lib/kpi-chart.ts'

const LOW = '#9aa5b1'
const OK = '#1f6feb'

/**
 * A KPI over time: a line whose low-sample buckets are drawn hollow and grey, with the same data
 * in a table below (for screen readers, keyboard users and tests). The rows are also exposed as
 * JSON in `data-chart` on the figure.
 */
export function KpiChart ({ name, title, unit, rows }: { name: string, title: string, unit: string, rows: ChartRow[] }) {
  const option = useMemo<EChartsCoreOption>(() => ({
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: Array<{ dataIndex: number }>) => {
        const r = rows[params[0]?.dataIndex ?? 0]
        if (r === undefined) return ''
        return `${r.period}<br/>${title}: ${formatNumber(r.value, 2)} ${unit}<br/>${r.sampleSize} samples${r.lowSample ? ' (low sample)' : ''}`
      }
    },
    xAxis: { type: 'category', data: rows.map((r) => r.period) },
    yAxis: { type: 'value', name: unit, nameTextStyle: { align: 'left' } },
    series: [{
      type: 'line',
      name: title,
      connectNulls: false,
      symbolSize: 9,
      lineStyle: { color: OK },
      data: rows.map((r) => ({
        value: r.value,
        symbol: r.lowSample ? 'emptyCircle' : 'circle',
        itemStyle: { color: r.lowSample ? LOW : OK, borderColor: r.lowSample ? LOW : OK }
      }))
    }]
  }), [rows, title, unit])
  return (
    <figure className='kpi-chart' data-testid={`chart-${name}`} data-chart={JSON.stringify(rows)}>
      <figcaption><h3>{title} <span className='unit'>({unit})</span></h3></figcaption>
      {hasValues(rows)
        ? <EChart option={option} label={`${title} per period; hollow grey points have too few samples to trust`} />
        : <Empty testId={`empty-${name}`}>No {title} data in this range for these filters. Widen the filters or choose another period.</Empty>}
      <p className='legend-note'><span className='dot low' aria-hidden='true' /> hollow grey: low sample (fewer than the minimum sample size)</p>
      <details>
        <summary>Data table</summary>
        <div className='table-wrap' tabIndex={0}>
          <table>
            <caption className='sr-only'>{title} per period</caption>
            <thead><tr><th scope='col'>Period</th><th scope='col'>Value ({unit})</th><th scope='col'>Samples</th><th scope='col'>Low sample</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.period} data-low-sample={r.lowSample}>
                  <th scope='row'>{r.period}</th>
                  <td>{formatNumber(r.value, 2)}</td>
                  <td>{r.sampleSize}</td>
                  <td>{r.lowSample ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}
