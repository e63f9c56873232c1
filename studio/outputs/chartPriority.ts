/**
 * Whether the charts below are the ones the user waits for (the result of the cell whose parameter
 * was just edited): they are drawn ahead of the charts already waiting (chartQueue.ts). Apart from
 * PlotFigure so that the notebook's first chunk can set it without loading Plot.
 */
import { createContext } from "react";

export const ChartPriority = createContext(false);
