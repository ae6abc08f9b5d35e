import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** The ECharts option of a horizontal bar chart: long category names wrap onto more lines, never cut off. */
export function barChartOption(data: { name: string; value: number }[], color: string) {
  return {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: data.map((d) => d.name),
      inverse: true,
      axisLabel: { width: 200, overflow: 'break', lineHeight: 14 },
    },
    series: [
      { type: 'bar', data: data.map((d) => d.value), itemStyle: { color }, label: { show: true, position: 'right' } },
    ],
  };
}

/** A horizontal bar chart (Apache ECharts, only the parts used). */
export function BarChartView({
  data,
  height = 280,
  color = '#b4236b',
  testId,
}: {
  data: { name: string; value: number }[];
  height?: number;
  color?: string;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current);
    chart.setOption(barChartOption(data, color));
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [data, color]);
  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
