"""Studio pages that read and check: the workbook, its problems (with the cell), and the changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin.labels import TABLE_ZH
from kiosk.studio.text import problem_text, studio_language, tr

RED = QColor("#b00020")
GREEN = QColor("#1b6e20")


def _label(role: str = "", wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setObjectName(role)
    return label


def table_title(name: str) -> str:
    return f"{name}（{TABLE_ZH.get(name, name)}）" if studio_language().startswith("zh") else name


class WorkbookPage(QWidget):
    """Make the template, open a workbook or CSV folder, read it again after a fix."""

    def __init__(self, studio):
        super().__init__()
        self.studio = studio
        layout = QVBoxLayout(self)
        self.intro = _label()
        self.template_button = QPushButton()
        self.open_button = QPushButton()
        self.folder_button = QPushButton()
        self.reload_button = QPushButton()
        buttons = QHBoxLayout()
        for button in (self.template_button, self.open_button, self.folder_button, self.reload_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.template_button.clicked.connect(studio.make_template)
        self.open_button.clicked.connect(studio.choose_workbook)
        self.folder_button.clicked.connect(studio.choose_csv_folder)
        self.reload_button.clicked.connect(studio.reload_workbook)
        self.against_label = _label("Muted")
        self.file_label = _label("Heading")
        self.summary = _label()
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.against_label)
        layout.addWidget(self.file_label)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def retranslate_ui(self) -> None:
        self.intro.setText(tr(
            "1. Make the template: it holds what the kiosks show now. 2. Edit it in Excel or WPS and "
            "save it as .xlsx. 3. Open it here: problems, changes and a preview of the kiosk follow. "
            "4. Sign it and write it to the USB stick."))
        self.template_button.setText(tr("Make template…"))
        self.open_button.setText(tr("Open workbook…"))
        self.folder_button.setText(tr("Open CSV folder…"))
        self.reload_button.setText(tr("Read again"))
        self.refresh()

    def refresh(self) -> None:
        state = self.studio.state
        against = str(state.against) if state.against else tr("none")
        self.against_label.setText(tr("Compared with the content in: {path}").format(path=against))
        self.reload_button.setEnabled(state.book is not None)
        if state.book is None:
            self.file_label.setText(tr("No workbook open yet."))
            self.summary.setText("")
            return
        self.file_label.setText(str(state.book.source))
        lines = [f"{table_title(name)}: {len(vt.rows)}" for name, vt in sorted(state.book.tables.items())]
        verdict = (tr("No problems: look at the changes and the preview, then sign.") if state.ready
                   else tr("{n} problem(s): see the Problems page.").format(n=len(state.problems)))
        self.summary.setText(verdict + "\n\n" + tr("Rows per table:") + "\n" + "\n".join(lines))


class ProblemsPage(QWidget):
    """Every problem with sheet and cell; choosing one shows that cell in its sheet."""

    def __init__(self, studio):
        super().__init__()
        self.studio = studio
        layout = QVBoxLayout(self)
        self.count_label = _label("Heading")
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.currentCellChanged.connect(lambda row, *_: self.show_problem(row))
        self.cell_label = _label("Muted")
        self.sheet = QTableWidget(0, 0)
        self.sheet.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.cell_label)
        bottom_layout.addWidget(self.sheet)
        split.addWidget(bottom)
        self.open_button = QPushButton()
        self.reload_button = QPushButton()
        self.open_button.clicked.connect(studio.open_in_spreadsheet)
        self.reload_button.clicked.connect(studio.reload_workbook)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.reload_button)
        buttons.addStretch(1)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self.shown_sheet = ""

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([tr("Sheet"), tr("Cell"), tr("Code"), tr("Problem")])
        self.open_button.setText(tr("Open in Excel / WPS"))
        self.reload_button.setText(tr("Read again"))
        self.refresh()

    def refresh(self) -> None:
        state = self.studio.state
        problems = state.problems
        for button in (self.open_button, self.reload_button):
            button.setEnabled(state.book is not None)
        if state.book is None:
            self.count_label.setText(tr("No workbook open yet."))
        elif problems:
            self.count_label.setText(tr("{n} problem(s). Fix them in the workbook, save it, then choose "
                                        "Read again. No package is written while problems remain."
                                        ).format(n=len(problems)))
        else:
            self.count_label.setText(tr("No problems."))
        self.table.setRowCount(len(problems))
        for row, problem in enumerate(problems):
            cell = state.book.cell(problem) if state.book else None
            where = cell or (tr("row {n}").format(n=problem.row) if problem.row else "")
            if problem.column and not cell:
                where = f"{where} {problem.column}".strip()
            for column, text in enumerate((problem.file, where, problem.code, problem_text(problem))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        if problems:
            self.table.selectRow(0)
            self.show_problem(0)
        else:
            self.sheet.clear()
            self.sheet.setRowCount(0)
            self.sheet.setColumnCount(0)
            self.cell_label.setText("")

    def show_problem(self, index: int) -> None:
        """Show the problem's sheet below the list with its cell selected and scrolled into view."""
        state = self.studio.state
        if state.book is None or not 0 <= index < len(state.problems):
            return
        problem = state.problems[index]
        name = state.book.table_of_sheet(problem.file)
        if name is None:
            self.cell_label.setText(problem_text(problem))
            return
        sheet = state.book.sheets[name]
        if self.shown_sheet != sheet.name:
            self.fill_sheet(sheet)
        target_row = sheet.lines.index(problem.row) if problem.row in sheet.lines else None
        column = (problem.column or "").split(",")[0]
        target_col = sheet.header.index(column) if column in sheet.header else None
        cell = state.book.cell(problem)
        self.cell_label.setText(tr("Sheet {sheet}, cell {cell}").format(
            sheet=sheet.name, cell=cell or "—") + "  " + problem_text(problem))
        self.sheet.clearSelection()
        if target_row is not None:
            item = self.sheet.item(target_row, target_col if target_col is not None else 0)
            self.sheet.setCurrentCell(target_row, target_col if target_col is not None else 0)
            if item is not None:
                item.setBackground(QBrush(QColor("#ffd6d6")))
                self.sheet.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)

    def fill_sheet(self, sheet) -> None:
        self.shown_sheet = sheet.name
        self.sheet.clear()
        self.sheet.setRowCount(len(sheet.raw))
        self.sheet.setColumnCount(len(sheet.header))
        self.sheet.setHorizontalHeaderLabels([f"{sheet.letters.get(h, '')} {h}" for h in sheet.header])
        self.sheet.setVerticalHeaderLabels([str(n) for n in sheet.lines])
        for r, raw in enumerate(sheet.raw):
            for c, name in enumerate(sheet.header):
                self.sheet.setItem(r, c, QTableWidgetItem(raw.get(name, "")))
        self.sheet.resizeColumnsToContents()
        for c in range(self.sheet.columnCount()):
            self.sheet.setColumnWidth(c, min(self.sheet.columnWidth(c), 260))


class ChangesPage(QWidget):
    """Per table: rows added, changed (old → new) and removed (in red); large removals confirmed here."""

    def __init__(self, studio):
        super().__init__()
        self.studio = studio
        layout = QVBoxLayout(self)
        self.summary = _label("Heading")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.removal_box = QWidget()
        self.removal_layout = QVBoxLayout(self.removal_box)
        self.removal_layout.setContentsMargins(0, 0, 0, 0)
        self.removal_checks: dict[str, QCheckBox] = {}
        layout.addWidget(self.summary)
        layout.addWidget(self.removal_box)
        layout.addWidget(self.tree, 1)

    def retranslate_ui(self) -> None:
        self.tree.setHeaderLabels([tr("Table / row"), tr("Column"), tr("Now on the kiosk"),
                                   tr("After the package")])
        self.refresh()

    def refresh(self) -> None:
        state = self.studio.state
        self.tree.clear()
        self._removal_boxes()
        diff = state.diff()
        if diff is None:
            self.summary.setText(tr("Changes are shown once every cell of the workbook is right."))
            return
        added, changed, removed = diff.totals()
        self.summary.setText(tr("Added {a}, changed {c}, removed {r} rows.").format(
            a=added, c=changed, r=removed))
        for t in diff.tables:
            top = QTreeWidgetItem([f"{table_title(t.table)}   +{t.added}  ~{t.changed}  −{t.removed}"])
            if t.removed:
                top.setForeground(0, QBrush(RED))
            self.tree.addTopLevelItem(top)
            for key in t.added_keys:
                item = QTreeWidgetItem(["+ " + _key(key), "", "", tr("new row")])
                item.setForeground(0, QBrush(GREEN))
                top.addChild(item)
            for change in t.changes:
                row = QTreeWidgetItem(["~ " + _key(change.key)])
                top.addChild(row)
                for column, (old, new) in change.columns.items():
                    row.addChild(QTreeWidgetItem(["", column, _value(old), "→ " + _value(new)]))
                row.setExpanded(True)
            for key in t.removed_keys:
                item = QTreeWidgetItem(["− " + _key(key), "", "", tr("removed")])
                for column in range(4):
                    item.setForeground(column, QBrush(RED))
                top.addChild(item)
            hidden = t.added + t.changed + t.removed - len(t.added_keys) - len(t.changes) \
                - len(t.removed_keys)
            if hidden > 0:
                top.addChild(QTreeWidgetItem([tr("… and {n} more").format(n=hidden)]))
            top.setExpanded(not t.is_empty)

    def _removal_boxes(self) -> None:
        state = self.studio.state
        for box in self.removal_checks.values():
            box.setParent(None)
        self.removal_checks = {}
        for name, problem in sorted(state.large_removals().items()):
            box = QCheckBox(tr("Allow this removal: {table}: {what}").format(
                table=table_title(name), what=problem_text(problem)))
            box.setStyleSheet(f"color: {RED.name()}; font-weight: bold;")
            box.setChecked(name in state.allow)
            box.toggled.connect(lambda on, n=name: self.studio.allow_removal(n, on))
            self.removal_layout.addWidget(box)
            self.removal_checks[name] = box


def _key(key: tuple) -> str:
    return " / ".join(str(k) for k in key)


def _value(value: object) -> str:
    if value is None:
        return tr("(empty)")
    text = repr(value) if isinstance(value, float) else str(value)
    return text if len(text) <= 120 else text[:117] + "…"
