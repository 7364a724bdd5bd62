"""Every user-facing text, Dutch and English side by side. A test checks both exist."""

MESSAGES: dict[str, dict[str, str]] = {
    # where a problem is
    "where.line": {"nl": "regel {line}", "en": "line {line}"},
    "where.column": {"nl": "kolom '{column}'", "en": "column '{column}'"},
    "where.value": {"nl": "waarde '{value}'", "en": "value '{value}'"},
    "where.hidden": {"nl": "(identificatie verborgen)", "en": "(identifier hidden)"},
    # import outcome
    "import.failed": {
        "nl": "{file}: {count} probleem/problemen gevonden; het bestand is niet geïmporteerd.",
        "en": "{file}: {count} problem(s) found; the file was not imported.",
    },
    "import.more_problems": {"nl": "  … en nog {count} andere problemen.", "en": "  … and {count} more problems."},
    "import.nothing_written": {
        "nl": "Er is niets in de database geschreven. Herstel het bestand en importeer opnieuw.",
        "en": "Nothing was written to the database. Fix the file and import it again.",
    },
    "import.unknown_table": {
        "nl": "Onbekende tabel '{table}'. Kies uit: {tables}.",
        "en": "Unknown table '{table}'. Choose from: {tables}.",
    },
    "import.done": {
        "nl": "{file} → {table}: {added} rijen toegevoegd, {skipped} overgeslagen (al aanwezig), {updated} bijgewerkt; importbatch {batch}.",
        "en": "{file} → {table}: {added} rows added, {skipped} skipped (already present), {updated} updated; import batch {batch}.",
    },
    "import.already": {
        "nl": "Dit bestand is al eerder geïmporteerd (importbatch {batch}, {file}, {when}). Er is niets veranderd.",
        "en": "This file was imported before (import batch {batch}, {file}, {when}). Nothing changed.",
    },
    "file.not_found": {"nl": "Bestand niet gevonden: {path}", "en": "File not found: {path}"},
    # keys
    "key.missing": {
        "nl": "Geen sleutel voor pseudonimisering gevonden ({path}). Maak er een met 'vertrouwd init', "
              "of zet de sleutel in de omgevingsvariabele VERTROUWD_KEY.",
        "en": "No pseudonymisation key found ({path}). Create one with 'vertrouwd init', "
              "or put the key in the environment variable VERTROUWD_KEY.",
    },
    "key.env_too_short": {
        "nl": "VERTROUWD_KEY is te kort: gebruik minstens {minimum} tekens (bijvoorbeeld uit 'vertrouwd init').",
        "en": "VERTROUWD_KEY is too short: use at least {minimum} characters (for example from 'vertrouwd init').",
    },
    "key.too_open": {
        "nl": "Het sleutelbestand {path} is leesbaar voor anderen (rechten {mode}). Beperk het met: chmod 600 {path}",
        "en": "The key file {path} is readable by others (mode {mode}). Restrict it with: chmod 600 {path}",
    },
    "key.unreadable": {
        "nl": "Het sleutelbestand {path} bevat geen geldige sleutel (verwacht: 64 hexadecimale tekens).",
        "en": "The key file {path} holds no valid key (expected: 64 hexadecimal characters).",
    },
    "key.exists": {
        "nl": "Er bestaat al een sleutel in {path}. Die blijft staan: met een nieuwe sleutel sluiten "
              "pseudoniemen van eerdere imports niet meer aan.",
        "en": "A key already exists at {path}. It is kept: with a new key, pseudonyms of earlier imports "
              "would no longer line up.",
    },
    "key.created": {
        "nl": "Nieuwe sleutel gemaakt in {path} (alleen leesbaar voor u). Bewaar een kopie op een veilige plek: "
              "zonder deze sleutel zijn gegevens niet meer aan te vullen of terug te herleiden.",
        "en": "New key created at {path} (readable only by you). Keep a copy somewhere safe: without this key "
              "data can no longer be added to or traced back.",
    },
    # store
    "store.not_found": {"nl": "Database niet gevonden: {path}", "en": "Database not found: {path}"},
    "store.locked": {
        "nl": "De database {path} is in gebruik door een ander proces dat erin schrijft. "
              "Wacht tot dat klaar is en probeer het opnieuw.",
        "en": "The database {path} is in use by another process that is writing to it. "
              "Wait until it has finished and try again.",
    },
    "store.unreadable": {
        "nl": "De database {path} kan niet worden geopend: {reason}",
        "en": "The database {path} cannot be opened: {reason}",
    },
    "store.too_new": {
        "nl": "De database {path} is gemaakt door een nieuwere vertrouwd (schemaversie {version}; deze versie kent "
              "tot {known}). Werk vertrouwd bij.",
        "en": "The database {path} was made by a newer vertrouwd (schema version {version}; this version knows up "
              "to {known}). Upgrade vertrouwd.",
    },
    "store.needs_upgrade": {
        "nl": "De database {path} heeft een ouder schema (versie {version}). Open hem één keer met schrijfrechten "
              "(bijvoorbeeld 'vertrouwd status') om hem bij te werken.",
        "en": "The database {path} has an older schema (version {version}). Open it once with write access "
              "(for example 'vertrouwd status') to upgrade it.",
    },
    "store.foreign": {
        "nl": "{path} is een DuckDB-bestand dat niet door vertrouwd is gemaakt. Kies een ander bestand met --db.",
        "en": "{path} is a DuckDB file not made by vertrouwd. Choose another file with --db.",
    },
    # encodings and file formats
    "encoding.utf16": {
        "nl": "het bestand is UTF-16 gecodeerd. Sla het op als 'CSV UTF-8' en importeer opnieuw.",
        "en": "the file is UTF-16 encoded. Save it as 'CSV UTF-8' and import again.",
    },
    "encoding.binary": {
        "nl": "dit is geen tekstbestand (misschien een Excel-bestand met de extensie .csv). "
              "Geef het de juiste extensie (.xlsx) of sla het op als CSV.",
        "en": "this is not a text file (perhaps an Excel file named .csv). "
              "Give it the right extension (.xlsx) or save it as CSV.",
    },
    "encoding.bad_utf8": {
        "nl": "ongeldige tekens: het bestand is UTF-8 maar bevat hier bytes die geen UTF-8 zijn "
              "(verwacht: UTF-8 of Windows-1252, niet door elkaar).",
        "en": "invalid characters: the file is UTF-8 but here holds bytes that are not UTF-8 "
              "(expected: UTF-8 or Windows-1252, not mixed).",
    },
    "encoding.unknown": {
        "nl": "ongeldige tekens: geen UTF-8 en geen Windows-1252.",
        "en": "invalid characters: neither UTF-8 nor Windows-1252.",
    },
    "csv.field_count": {
        "nl": "{actual} velden gevonden, verwacht {expected} (scheidingsteken {delimiter}). "
              "Staat er een scheidingsteken te veel of te weinig, of gebruikt deze regel een ander scheidingsteken?",
        "en": "{actual} fields found, expected {expected} (delimiter {delimiter}). "
              "Is there a delimiter too many or too few, or does this line use another delimiter?",
    },
    "xlsx.broken": {
        "nl": "het Excel-bestand is beschadigd of onvolledig ({reason}). Sla het opnieuw op in Excel.",
        "en": "the Excel file is damaged or incomplete ({reason}). Save it again in Excel.",
    },
    "parquet.broken": {
        "nl": "het Parquet-bestand is beschadigd of onvolledig ({reason}).",
        "en": "the Parquet file is damaged or incomplete ({reason}).",
    },
    # headers and mapping
    "map.syntax": {
        "nl": "--map verwacht kolom=Kop, bijvoorbeeld --map client_id=Cliëntnr; gekregen: '{pair}'.",
        "en": "--map expects column=Header, for example --map client_id=ClientNo; got: '{pair}'.",
    },
    "map.unknown_column": {
        "nl": "--map noemt een kolom die tabel {table} niet heeft. Kolommen: {columns}.",
        "en": "--map names a column that table {table} does not have. Columns: {columns}.",
    },
    "map.header_missing": {
        "nl": "--map noemt een kop die niet in het bestand staat. Koppen in het bestand: {headers}.",
        "en": "--map names a header that is not in the file. Headers in the file: {headers}.",
    },
    "header.empty": {"nl": "geen kopregel gevonden: het bestand is leeg.", "en": "no header found: the file is empty."},
    "header.blank": {
        "nl": "kolom zonder naam in de kopregel. Geef hem een naam of verwijder hem.",
        "en": "column without a name in the header. Name it or remove it.",
    },
    "header.unknown": {
        "nl": "onbekende kolom voor tabel {table}. Koppel hem met --map kolom=Kop, of laat hem weg met "
              "--ignore Kop. Kolommen van {table}: {columns}. (Heeft het bestand misschien een ander scheidingsteken?)",
        "en": "unknown column for table {table}. Map it with --map column=Header, or leave it out with "
              "--ignore Header. Columns of {table}: {columns}. (Does the file perhaps use another delimiter?)",
    },
    "header.twice": {
        "nl": "deze kop en '{other}' betekenen allebei {canonical}. Laat er één weg met --ignore.",
        "en": "this header and '{other}' both mean {canonical}. Leave one out with --ignore.",
    },
    "header.required_missing": {
        "nl": "verplichte kolom {canonical} ontbreekt voor tabel {table}. Koppel een kop eraan met --map {canonical}=Kop.",
        "en": "required column {canonical} is missing for table {table}. Map a header to it with --map {canonical}=Header.",
    },
    # values
    "value.required": {"nl": "leeg, maar verplicht.", "en": "empty, but required."},
    "value.date": {
        "nl": "verwacht een datum als 2024-03-01 (ISO 8601) of 01-03-2024.",
        "en": "expected a date such as 2024-03-01 (ISO 8601) or 01-03-2024.",
    },
    "value.year": {
        "nl": "datum buiten het bereik {low}–{high}.",
        "en": "date outside the range {low}–{high}.",
    },
    "value.integer": {"nl": "verwacht een geheel getal.", "en": "expected a whole number."},
    "value.number": {"nl": "verwacht een getal (bijvoorbeeld 0,8).", "en": "expected a number (for example 0.8)."},
    "value.range": {"nl": "verwacht een waarde van {low} tot en met {high}.", "en": "expected a value from {low} to {high}."},
    "value.date_order": {"nl": "ligt vóór {other}.", "en": "lies before {other}."},
    "value.bsn": {
        "nl": "geen geldig BSN (de elfproef klopt niet, of het zijn geen 8 of 9 cijfers).",
        "en": "not a valid BSN (the 11-check fails, or it is not 8 or 9 digits).",
    },
    "value.repeated_key": {
        "nl": "komt al voor op regel {first}; elke rij moet een eigen sleutel hebben.",
        "en": "already occurs on line {first}; every row needs its own key.",
    },
    # command line
    "cli.interrupted": {"nl": "Afgebroken; er is niets half geschreven.", "en": "Interrupted; nothing was half-written."},
    "cli.unexpected": {
        "nl": "Onverwachte fout ({kind}); er is niets half geschreven. Zet VERTROUWD_DEBUG=1 voor details.",
        "en": "Unexpected error ({kind}); nothing was half-written. Set VERTROUWD_DEBUG=1 for details.",
    },
    "progress.hash": {"nl": "Controleren {file}", "en": "Checking {file}"},
    "progress.read": {"nl": "Inlezen {file}", "en": "Reading {file}"},
    "progress.measure": {"nl": "Meten", "en": "Measuring"},
    "progress.synth": {"nl": "Synthetische gemeente met {clients} cliënten", "en": "Synthetic municipality with {clients} clients"},
    "synth.format": {"nl": "--format moet csv of parquet zijn, niet '{value}'.", "en": "--format must be csv or parquet, not '{value}'."},
    "synth.done": {
        "nl": "Geschreven naar {out}: {contacts} contacten, {professionals} medewerkers, {clients} cliënten, {contracts} contracten.",
        "en": "Written to {out}: {contacts} contacts, {professionals} professionals, {clients} clients, {contracts} contracts.",
    },
    "status.title": {"nl": "Database {path} (schemaversie {version})", "en": "Database {path} (schema version {version})"},
    "status.table": {"nl": "tabel", "en": "table"},
    "status.rows": {"nl": "rijen", "en": "rows"},
    "status.no_batches": {"nl": "Nog niets geïmporteerd.", "en": "Nothing imported yet."},
    "status.batches": {"nl": "Importbatches", "en": "Import batches"},
    "status.batch": {"nl": "batch", "en": "batch"},
    "status.file": {"nl": "bestand", "en": "file"},
    "status.read": {"nl": "gelezen", "en": "read"},
    "status.added": {"nl": "toegevoegd", "en": "added"},
    "status.skipped": {"nl": "overgeslagen", "en": "skipped"},
    "status.updated": {"nl": "bijgewerkt", "en": "updated"},
    "status.key": {"nl": "sleutel", "en": "key"},
    "status.when": {"nl": "tijdstip", "en": "time"},
    "demo.start": {
        "nl": "Demo: een synthetische gemeente met {clients} cliënten over {years} jaar.",
        "en": "Demo: a synthetic municipality with {clients} clients over {years} years.",
    },
    "demo.summary": {
        "nl": "Contacten van {first} tot {last}, {orgs} organisaties, {teams} teams, {areas} wijken. Database: {db}",
        "en": "Contacts from {first} to {last}, {orgs} organisations, {teams} teams, {areas} areas. Database: {db}",
    },
    "demo.next": {
        "nl": "Verder kijken: vertrouwd measure relational --db {db} --by team",
        "en": "Look further: vertrouwd measure relational --db {db} --by team",
    },
    # help texts
    "help.app": {
        "nl": "vertrouwd: meet, bewaak en plan relationele continuïteit in het sociaal domein.",
        "en": "vertrouwd: measure, watch and plan relational continuity in the social domain.",
    },
    "help.lang": {"nl": "Taal van de uitvoer: nl of en.", "en": "Language of the output: nl or en."},
    "help.db": {"nl": "Databasebestand (standaard vertrouwd.duckdb; ook VERTROUWD_DB).",
                "en": "Database file (default vertrouwd.duckdb; also VERTROUWD_DB)."},
    "help.key_file": {"nl": "Sleutelbestand (standaard ~/.config/vertrouwd/key; ook VERTROUWD_KEY_FILE).",
                      "en": "Key file (default ~/.config/vertrouwd/key; also VERTROUWD_KEY_FILE)."},
    "help.init": {"nl": "Maak een nieuwe sleutel voor pseudonimisering (bestand met rechten 0600, buiten de database).",
                  "en": "Create a new pseudonymisation key (a file with mode 0600, outside the database)."},
    "help.import": {
        "nl": "Importeer een CSV-, XLSX- of Parquet-bestand in een tabel. Alles wordt eerst gecontroleerd; "
              "bij een fout wordt niets geschreven (exitcode 2). Identificaties worden gepseudonimiseerd.",
        "en": "Import a CSV, XLSX or Parquet file into a table. Everything is checked first; on an error "
              "nothing is written (exit code 2). Identifiers are pseudonymised.",
    },
    "help.import.table": {"nl": "contacts, professionals, clients of contracts.", "en": "contacts, professionals, clients or contracts."},
    "help.import.file": {"nl": "Het bestand (.csv, .xlsx of .parquet).", "en": "The file (.csv, .xlsx or .parquet)."},
    "help.import.map": {"nl": "Koppel een kop aan een kolom: --map client_id=Cliëntnr (herhaalbaar).",
                        "en": "Map a header to a column: --map client_id=ClientNo (repeatable)."},
    "help.import.ignore": {"nl": "Laat een kolom van het bestand bewust weg (herhaalbaar).",
                           "en": "Leave a column of the file out on purpose (repeatable)."},
    "help.import.bsn": {"nl": "De cliëntkolom bevat BSN's: controleer elk met de elfproef.",
                        "en": "The client column holds BSNs: check each with the 11-check."},
    "help.synth": {"nl": "Schrijf een synthetische gemeente: contacten, medewerkers, cliënten en contracten.",
                   "en": "Write a synthetic municipality: contacts, professionals, clients and contracts."},
    "help.synth.out": {"nl": "Map voor de bestanden.", "en": "Directory for the files."},
    "help.synth.clients": {"nl": "Aantal cliënten.", "en": "Number of clients."},
    "help.synth.years": {"nl": "Aantal jaren.", "en": "Number of years."},
    "help.synth.seed": {"nl": "Startwaarde van het toeval: dezelfde waarde geeft dezelfde bestanden.",
                        "en": "Random seed: the same value gives the same files."},
    "help.synth.format": {"nl": "csv of parquet.", "en": "csv or parquet."},
    "help.status": {"nl": "Laat zien wat de database bevat, per tabel en per importbatch.",
                    "en": "Show what the database holds, per table and per import batch."},
    "help.demo": {"nl": "Maak een synthetische gemeente, importeer die in een nieuwe demodatabase en vat samen.",
                  "en": "Make a synthetic municipality, import it into a fresh demo database and summarise."},
    "help.demo.dir": {"nl": "Map voor de demo (gegevens, sleutel, database).", "en": "Directory for the demo (data, key, database)."},
    # measures
    "measure.level": {"nl": "--level '{value}' bestaat niet; kies uit: {choices}.", "en": "--level '{value}' does not exist; choose from: {choices}."},
    "measure.by": {"nl": "--by '{value}' bestaat niet; kies uit: {choices}.", "en": "--by '{value}' does not exist; choose from: {choices}."},
    "measure.no_contacts": {"nl": "Er zijn geen contacten om te meten.", "en": "There are no contacts to measure."},
    "measure.span": {
        "nl": "'{value}' is geen periode; gebruik bijvoorbeeld 12m (maanden), 3m, 1y (jaar), 4w (weken) of 90d (dagen).",
        "en": "'{value}' is not a span; use for example 12m (months), 3m, 1y (year), 4w (weeks) or 90d (days).",
    },
    "measure.window_too_long": {
        "nl": "Het venster {window} past niet in de periode {start} – {end}. Kies een korter venster of een langere periode.",
        "en": "The window {window} does not fit in the period {start} – {end}. Choose a shorter window or a longer period.",
    },
    "measure.date": {
        "nl": "{option}: '{value}' is geen datum; gebruik 2024-03-01 of 01-03-2024.",
        "en": "{option}: '{value}' is not a date; use 2024-03-01 or 01-03-2024.",
    },
    "measure.summary": {
        "nl": "{clients} cliënten met minstens {min} contacten (van {all}). Mediaan {nop} verschillende {actors} per cliënt, "
              "mediaan UPC {upc}. {share} loopt risico ({risk_nop} of meer {actors}, of UPC onder {risk_upc} bij {risk_min}+ contacten).",
        "en": "{clients} clients with at least {min} contacts (of {all}). Median {nop} different {actors} per client, "
              "median UPC {upc}. {share} at risk ({risk_nop} or more {actors}, or UPC under {risk_upc} with {risk_min}+ contacts).",
    },
    "measure.actors.professional": {"nl": "medewerkers", "en": "professionals"},
    "measure.actors.team": {"nl": "teams", "en": "teams"},
    "measure.no_contracts": {"nl": "Er zijn geen contracten om te meten.", "en": "There are no contracts to measure."},
    "measure.period": {"nl": "--period '{value}' bestaat niet; kies year, quarter of month.",
                       "en": "--period '{value}' does not exist; choose year, quarter or month."},
    "measure.title.staff": {"nl": "Personeel", "en": "Staff"},
    "measure.title.caseload": {"nl": "Caseload per maand", "en": "Caseload per month"},
    "measure.title.broken": {"nl": "Relaties verbroken door vertrek", "en": "Relationships broken by departures"},
    "measure.groups_title": {"nl": "Per groep (hoogste risico eerst)", "en": "Per group (highest risk first)"},
    "measure.clients": {"nl": "cliënten", "en": "clients"},
    "measure.median_nop": {"nl": "mediaan aantal", "en": "median number"},
    "measure.median_upc": {"nl": "mediaan UPC", "en": "median UPC"},
    "measure.share_at_risk": {"nl": "risico", "en": "at risk"},
    "measure.suppressed": {"nl": "< {min_cell} (onderdrukt)", "en": "< {min_cell} (suppressed)"},
    "measure.written": {"nl": "Geschreven: {path} ({rows} rijen).", "en": "Written: {path} ({rows} rows)."},
    "engine.no_spark": {
        "nl": "Spark is niet geïnstalleerd. Installeer het met: pip install 'vertrouwd[spark]' (Java 17 is ook nodig).",
        "en": "Spark is not installed. Install it with: pip install 'vertrouwd[spark]' (Java 17 is needed too).",
    },
    "engine.no_java": {
        "nl": "Spark heeft Java nodig (17 of nieuwer); installeer het of zet JAVA_HOME.",
        "en": "Spark needs Java (17 or newer); install it or set JAVA_HOME.",
    },
    "engine.unknown": {"nl": "Onbekende engine '{name}'; kies duckdb of spark.", "en": "Unknown engine '{name}'; choose duckdb or spark."},
    "export.format": {
        "nl": "Uitvoerbestand {path}: gebruik de extensie .csv of .parquet.",
        "en": "Output file {path}: use the extension .csv or .parquet.",
    },
    "help.measure": {"nl": "Meet continuïteit.", "en": "Measure continuity."},
    "help.measure.relational": {
        "nl": "Relationele continuïteit per cliënt (UPC, COC, SECON, MMCI, HHI, K, ...) of per groep, uit de database of "
              "rechtstreeks uit een contactenbestand.",
        "en": "Relational continuity per client (UPC, COC, SECON, MMCI, HHI, K, ...) or per group, from the database or "
              "straight from a contacts file.",
    },
    "help.measure.file": {
        "nl": "Contactenbestand (CSV/XLSX/Parquet); zonder bestand wordt de database gebruikt.",
        "en": "Contacts file (CSV/XLSX/Parquet); without a file the database is used.",
    },
    "help.measure.output": {"nl": "Schrijf het resultaat naar .csv of .parquet.", "en": "Write the result to .csv or .parquet."},
    "help.measure.level": {"nl": "professional of team.", "en": "professional or team."},
    "help.measure.by": {"nl": "Groepeer per team, organization, area, domain of intervention (herhaalbaar).",
                        "en": "Group by team, organization, area, domain or intervention (repeatable)."},
    "help.measure.from": {"nl": "Begin van de periode (datum).", "en": "Start of the period (date)."},
    "help.measure.to": {"nl": "Einde van de periode (datum).", "en": "End of the period (date)."},
    "help.measure.engine": {"nl": "duckdb (standaard) of spark.", "en": "duckdb (default) or spark."},
    "help.measure.spark_master": {"nl": "Spark-master (standaard lokaal).", "en": "Spark master (default local)."},
    "help.measure.window": {"nl": "Rollend venster, bijvoorbeeld 12m.", "en": "Rolling window, for example 12m."},
    "help.measure.step": {"nl": "Stap tussen vensters, bijvoorbeeld 3m.", "en": "Step between windows, for example 3m."},
    "help.measure.min_contacts": {"nl": "Groepscijfers tellen cliënten met minstens zoveel contacten.",
                                  "en": "Group figures count clients with at least this many contacts."},
    "help.measure.risk_professionals": {"nl": "Risico vanaf zoveel medewerkers.", "en": "At risk from this many professionals."},
    "help.measure.risk_upc": {"nl": "Risico bij UPC onder deze waarde.", "en": "At risk with UPC under this value."},
    "help.measure.risk_min_contacts": {"nl": "UPC-risico telt vanaf zoveel contacten.", "en": "UPC risk counts from this many contacts."},
    "help.measure.period": {"nl": "year, quarter of month.", "en": "year, quarter or month."},
    "help.measure.org_by": {"nl": "Per organization (standaard) en/of team (herhaalbaar).",
                            "en": "Per organization (default) and/or team (repeatable)."},
    "help.measure.staff": {
        "nl": "Personeel per organisatie (en team) en periode: bezetting, fte, instroom, uitstroom, uitstroompercentage "
              "(CBS), stabiliteitsindex en mediane diensttijd.",
        "en": "Staff per organisation (and team) and period: headcount, FTE, joiners, leavers, outflow rate (CBS), "
              "stability index and median tenure.",
    },
    "help.measure.caseload": {
        "nl": "Caseload per maand: actieve cliënten per medewerker (contact in de maand of de 60 dagen ervoor) "
              "en het aandeel medewerkers boven hun maximum.",
        "en": "Caseload per month: active clients per professional (contact in the month or the 60 days before) "
              "and the share of professionals over their cap.",
    },
    "help.measure.broken": {
        "nl": "Relaties verbroken door vertrek: cliënten van wie de vaste medewerker vertrok, en of hun volgende "
              "contact een bekend gezicht, een onbekende of niemand (binnen 60 dagen) was.",
        "en": "Relationships broken by departures: clients whose main professional left, and whether their next "
              "contact was a known face, a stranger or nobody (within 60 days).",
    },
    "help.measure.detail": {"nl": "Eén rij per cliënt (gepseudonimiseerd) in plaats van tellingen.",
                            "en": "One row per client (pseudonymised) instead of counts."},
    "help.measure.min_cell": {"nl": "Groepen met minder cliënten worden onderdrukt.", "en": "Groups with fewer clients are suppressed."},
}
