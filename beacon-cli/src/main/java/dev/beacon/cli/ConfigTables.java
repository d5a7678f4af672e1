package dev.beacon.cli;

import dev.beacon.api.Item;

import java.util.List;

/** The table of config items, shared by the config commands that print items. */
final class ConfigTables {
    private ConfigTables() {
    }

    static Printer.Table items(List<Item> items) {
        Printer.Table t = new Printer.Table("KEY", "VALUE", "VERSION", "REVISION", "UPDATED", "BY");
        items.forEach(i -> t.row(i.key(), i.value(), i.version(), i.modRevision(), i.updatedAt(), i.updatedBy()));
        return t;
    }
}
