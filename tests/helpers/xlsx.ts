import ExcelJS from 'exceljs';

/** An .xlsx with one sheet of the given rows, as an organizer would fill it in for an import. */
export async function xlsx(rows: unknown[][], sheet = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
