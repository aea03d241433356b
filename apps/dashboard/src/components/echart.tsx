import { useEffect, useRef } from 'react'
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import type { EChartsCoreOption } from 'echarts/core'

// Only what the dashboard draws, so the bundle carries a fraction of ECharts.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer])

/**
 * An Apache ECharts chart that follows its container's size. The picture is for sighted users;
 * every chart is paired with a data table (see KpiChart) and ECharts' own aria description.
 */
export function EChart ({ option, label, height = 260 }: { option: EChartsCoreOption, label: string, height?: number }) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | undefined>(undefined)
  useEffect(() => {
    const el = ref.current
    if (el === null) return
    const c = echarts.init(el, undefined, { renderer: 'canvas' })
    chart.current = c
    const observer = new ResizeObserver(() => c.resize())
    observer.observe(el)
    return () => { observer.disconnect(); c.dispose(); chart.current = undefined }
  }, [])
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, true)
  }, [option])
  return <div ref={ref} className='chart' style={{ height }} role='img' aria-label={label} />
}
