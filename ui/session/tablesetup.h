#pragma once

class QTableView;

namespace PingScope {

// The one set-up of the window's big tables (messages, packets): whole-row single selection,
// alternating rows, no wrapping, no row numbers, and fixed row heights, which keep the view
// virtual: no row is measured, however many hundred thousand there are. The last column
// stretches.
void setUpLargeTable(QTableView *table);

} // namespace PingScope
