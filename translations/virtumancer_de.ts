<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../core/model/auditmodel.cpp" line="+30"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Level</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>DomainListModel</name>
    <message>
        <location filename="../core/model/domainlistmodel.cpp" line="+33"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Memory</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU usage</source>
        <translation>CPU-Auslastung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Memory usage</source>
        <translation>Speicherauslastung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
</context>
<context>
    <name>Virtumancer</name>
    <message>
        <location filename="../widgets/mainwindow/rowdelegates.cpp" line="+24"/>
        <source>never synced</source>
        <translation>nie synchronisiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>as of %1</source>
        <translation>Stand %1</translation>
    </message>
    <message>
        <location filename="../widgets/graphs/timeseriesgraph.cpp" line="+217"/>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>Virtumancer::AuditView</name>
    <message>
        <location filename="../widgets/audit/auditview.cpp" line="+29"/>
        <source>Since:</source>
        <translation>Seit:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Audit Log</source>
        <translation>Audit-Protokoll</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Audit Log: %1</source>
        <translation>Audit-Protokoll: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>object (VM uuid, volume path, host…)</source>
        <translation>Objekt (VM-UUID, Volume-Pfad, Host…)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All levels</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <location line="+19"/>
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n Ereignis</numerusform>
            <numerusform>%n Ereignisse</numerusform>
        </translation>
    </message>
    <message>
        <location line="-14"/>
        <source>The audit log could not be read: %1</source>
        <translation>Das Audit-Protokoll konnte nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>Virtumancer::ConnectionWizard</name>
    <message>
        <location filename="../widgets/wizards/connectionwizard.cpp" line="+56"/>
        <location line="+230"/>
        <source>Add Connection</source>
        <translation>Verbindung hinzufügen</translation>
    </message>
    <message numerus="yes">
        <location line="-219"/>
        <source>Connected: %1 (%2 %3, libvirt %4), %n domain(s).</source>
        <translation>
            <numerusform>Verbunden: %1 (%2 %3, libvirt %4), %n Domäne.</numerusform>
            <numerusform>Verbunden: %1 (%2 %3, libvirt %4), %n Domänen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not connect: %1</source>
        <translation>Verbindung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Hypervisor and connection</source>
        <translation>Hypervisor und Verbindung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where libvirt runs and how to reach it.</source>
        <translation>Wo libvirt läuft und wie es erreichbar ist.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>QEMU/KVM</source>
        <translation>QEMU/KVM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>libvirt test driver (node file)</source>
        <translation>libvirt-Testtreiber (Knotendatei)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LXC containers</source>
        <translation>LXC-Container</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xen</source>
        <translation>Xen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Hypervisor:</source>
        <translation>&amp;Hypervisor:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Local (this machine)</source>
        <translation>&amp;Lokal (dieser Rechner)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;SSH (system ssh, key or password)</source>
        <translation>&amp;SSH (ssh des Systems, Schlüssel oder Passwort)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SSH via lib&amp;ssh</source>
        <translation>SSH über l&amp;ibssh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;TLS (certificates)</source>
        <translation>&amp;TLS (Zertifikate)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>T&amp;CP (unencrypted, SASL)</source>
        <translation>T&amp;CP (unverschlüsselt, SASL)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;ustom URI</source>
        <translation>&amp;Eigene URI</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Transport:</source>
        <translation>Transport:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>optional (SSH)</source>
        <translation>optional (SSH)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>host name or address</source>
        <translation>Hostname oder Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>H&amp;ost:</source>
        <translation>H&amp;ost:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User session (qemu:///session) instead of the system instance</source>
        <translation>Benutzersitzung (qemu:///session) statt der Systeminstanz</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>/absolute/path/node.xml (empty: test:///default)</source>
        <translation>/absoluter/pfad/node.xml (leer: test:///default)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Node file:</source>
        <translation>&amp;Knotendatei:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>URI:</source>
        <translation>URI:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Result:</source>
        <translation>Ergebnis:</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How the host is called in Virtumancer, the CLI and the audit log.</source>
        <translation>Wie der Host in Virtumancer, in der CLI und im Audit-Protokoll heißt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>Buchstaben, Ziffern, „.“, „_“ und „-“.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Connect automatically when Virtumancer starts</source>
        <translation>Beim Start von Virtumancer automatisch &amp;verbinden</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Test Connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>⚠ %1</source>
        <translation>⚠ %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>URI: %1
Name: %2
Connect at start: %3</source>
        <translation>URI: %1
Name: %2
Beim Start verbinden: %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Connecting to %1…</source>
        <translation>Verbindung zu %1 wird hergestellt…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The host could not be added: %1</source>
        <translation>Der Host konnte nicht hinzugefügt werden: %1</translation>
    </message>
</context>
<context>
    <name>Virtumancer::CredentialsDialog</name>
    <message>
        <location filename="../widgets/dialogs/credentialsdialog.cpp" line="+16"/>
        <source>Log in to %1</source>
        <translation>Anmeldung bei %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The host %1 asks for credentials.</source>
        <translation>Der Host %1 verlangt Anmeldedaten.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Remember in the keyring</source>
        <translation>Im Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No keyring service is running: credentials are not stored.</source>
        <translation>Es läuft kein Schlüsselbunddienst: Anmeldedaten werden nicht gespeichert.</translation>
    </message>
</context>
<context>
    <name>Virtumancer::EditHostDialog</name>
    <message>
        <location filename="../widgets/dialogs/edithostdialog.cpp" line="+21"/>
        <source>Connect when Virtumancer starts</source>
        <translation>Beim Start von Virtumancer verbinden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Edit Host %1</source>
        <translation>Host %1 bearbeiten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The id keys the host&apos;s mirror and keyring entry; it cannot change.</source>
        <translation>Die Kennung verknüpft den Spiegel des Hosts und seinen Schlüsselbundeintrag; sie kann nicht geändert werden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Id:</source>
        <translation>Kennung:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;URI:</source>
        <translation>&amp;URI:</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The URI cannot be empty.</source>
        <translation>Die URI darf nicht leer sein.</translation>
    </message>
</context>
<context>
    <name>Virtumancer::HostDetailsWindow</name>
    <message>
        <location filename="../widgets/details/hostdetailswindow.cpp" line="+52"/>
        <location line="+3"/>
        <location line="+13"/>
        <location line="+174"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-190"/>
        <location line="+3"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+3"/>
        <source>Autostart</source>
        <translation>Autostart</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bridge</source>
        <translation>Bridge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IPv4</source>
        <translation>IPv4</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>DHCP range</source>
        <translation>DHCP-Bereich</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Allocation</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Used</source>
        <translation>Auslastung</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+179"/>
        <source>Host %1</source>
        <translation>Host %1</translation>
    </message>
    <message>
        <location line="-173"/>
        <location line="+177"/>
        <source>URI</source>
        <translation>URI</translation>
    </message>
    <message>
        <location line="-177"/>
        <location line="+178"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location line="-178"/>
        <location line="+181"/>
        <source>Hostname</source>
        <translation>Hostname</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+182"/>
        <source>Hypervisor</source>
        <translation>Hypervisor</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+184"/>
        <source>libvirt</source>
        <translation>libvirt</translation>
    </message>
    <message>
        <location line="-184"/>
        <location line="+185"/>
        <source>CPUs</source>
        <translation>CPUs</translation>
    </message>
    <message>
        <location line="-185"/>
        <location line="+12"/>
        <location line="+174"/>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <location line="-186"/>
        <location line="+187"/>
        <source>Last connected</source>
        <translation>Zuletzt verbunden</translation>
    </message>
    <message>
        <location line="-187"/>
        <location line="+188"/>
        <source>Last sync</source>
        <translation>Letzte Synchronisierung</translation>
    </message>
    <message>
        <location line="-187"/>
        <location line="+28"/>
        <location line="+160"/>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <location line="-180"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Overview</source>
        <translation>&amp;Übersicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Networks</source>
        <translation>&amp;Netzwerke</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Storage</source>
        <translation>&amp;Speicher</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The cache could not be read: %1</source>
        <translation>Der Cache konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Not done</source>
        <translation>Nicht ausgeführt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Autostart</source>
        <translation>&amp;Autostart</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete network</source>
        <translation>Netzwerk löschen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete storage pool</source>
        <translation>Speicherpool löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop and delete the network %1 on %2?</source>
        <translation>Das Netzwerk %1 auf %2 stoppen und löschen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop and delete the storage pool %1 on %2? Its directory and files stay on the host.</source>
        <translation>Den Speicherpool %1 auf %2 stoppen und löschen? Sein Verzeichnis und seine Dateien bleiben auf dem Host.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>inactive</source>
        <translation>inaktiv</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&amp;Networks (%1)</source>
        <translation>&amp;Netzwerke (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Storage (%1)</source>
        <translation>&amp;Speicher (%1)</translation>
    </message>
</context>
<context>
    <name>Virtumancer::HostItemDelegate</name>
    <message>
        <location filename="../widgets/mainwindow/rowdelegates.cpp" line="+133"/>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>connecting…</source>
        <translation>wird verbunden…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>Virtumancer::MainWindow</name>
    <message>
        <location filename="../widgets/mainwindow/mainwindow.cpp" line="+49"/>
        <source>Virtumancer</source>
        <translation>Virtumancer</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Search: name, state:running, host:lab, tag:prod, vcpus:&gt;2, mem:&gt;=4GiB, -state:shutoff</source>
        <translation>Suche: Name, state:running, host:lab, tag:prod, vcpus:&gt;2, mem:&gt;=4GiB, -state:shutoff</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The tags could not be changed</source>
        <translation>Die Tags konnten nicht geändert werden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The host could not be removed</source>
        <translation>Der Host konnte nicht entfernt werden</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Add Connection…</source>
        <translation>&amp;Verbindung hinzufügen…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Host &amp;Details</source>
        <translation>Host-&amp;Details</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Edit Host…</source>
        <translation>Host &amp;bearbeiten…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Remove Host…</source>
        <translation>Host &amp;entfernen…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shut &amp;Down</source>
        <translation>&amp;Herunterfahren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;boot</source>
        <translation>&amp;Neu starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rese&amp;t</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Force Off</source>
        <translation>&amp;Ausschalten erzwingen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>De&amp;lete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Deta&amp;ils</source>
        <translation>&amp;Details</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Audit &amp;Log</source>
        <translation>Audit-Pr&amp;otokoll</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit &amp;Tags…</source>
        <translation>&amp;Tags bearbeiten…</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>Delete virtual machines</source>
        <translation>Virtuelle Maschinen löschen</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Delete the definition of %n virtual machine(s)? Their disks are kept.

%1</source>
        <translation>
            <numerusform>Die Definition von %n virtueller Maschine löschen? Ihre Datenträger bleiben erhalten.

%1</numerusform>
            <numerusform>Die Definitionen von %n virtuellen Maschinen löschen? Ihre Datenträger bleiben erhalten.

%1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Some actions failed</source>
        <translation>Einige Aktionen sind fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n of %1 action(s) failed.</source>
        <translation>
            <numerusform>%n von %1 Aktionen ist fehlgeschlagen.</numerusform>
            <numerusform>%n von %1 Aktionen sind fehlgeschlagen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+76"/>
        <source>Remove host</source>
        <translation>Host entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove host %1? Its mirrored inventory and stored password are forgotten; its VMs are not touched. The audit log keeps its history.</source>
        <translation>Host %1 entfernen? Sein gespiegeltes Inventar und das gespeicherte Passwort werden vergessen; seine VMs bleiben unberührt. Das Audit-Protokoll behält seinen Verlauf.</translation>
    </message>
    <message numerus="yes">
        <location line="+44"/>
        <source>%n VM(s) shown</source>
        <translation>
            <numerusform>%n VM angezeigt</numerusform>
            <numerusform>%n VMs angezeigt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%1 of %n host(s) connected</source>
        <translation>
            <numerusform>%1 von %n Host verbunden</numerusform>
            <numerusform>%1 von %n Hosts verbunden</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running %1 of %2 action(s)…</source>
        <translation>Aktion %1 von %2 läuft…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 action(s) done, %2 failed</source>
        <translation>%1 Aktion(en) erledigt, %2 fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>Virtumancer::StaleRowDelegate</name>
    <message>
        <location filename="../widgets/mainwindow/rowdelegates.cpp" line="-63"/>
        <source>Host %1 is not connected; showing the mirror %2.</source>
        <translation>Host %1 ist nicht verbunden; angezeigt wird der Spiegel, %2.</translation>
    </message>
</context>
<context>
    <name>Virtumancer::TagsDialog</name>
    <message numerus="yes">
        <location filename="../widgets/dialogs/tagsdialog.cpp" line="+21"/>
        <source>Tags of %n VM(s)</source>
        <translation>
            <numerusform>Tags von %n VM</numerusform>
            <numerusform>Tags von %n VMs</numerusform>
        </translation>
    </message>
    <message>
        <location line="+13"/>
        <source>On %1 of the %2 VMs</source>
        <translation>Auf %1 von %2 VMs</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New tags, separated by spaces or commas</source>
        <translation>Neue Tags, getrennt durch Leerzeichen oder Kommas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Uncheck a tag to take it off; type new ones below.</source>
        <translation>Zum Entfernen eines Tags den Haken wegnehmen; neue Tags unten eingeben.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No tags yet. Type some, e.g. &quot;prod web&quot;:</source>
        <translation>Noch keine Tags. Einfach welche eingeben, z. B. „prod web“:</translation>
    </message>
</context>
<context>
    <name>Virtumancer::TimeSeriesGraph</name>
    <message>
        <location filename="../widgets/graphs/timeseriesgraph.cpp" line="-156"/>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>No samples: the VM or host is not running, or reports none.</source>
        <translation>Keine Messwerte: Die VM oder der Host läuft nicht oder liefert keine.</translation>
    </message>
</context>
<context>
    <name>Virtumancer::VmDetailsWindow</name>
    <message>
        <location filename="../widgets/details/vmdetailswindow.cpp" line="+107"/>
        <location line="+122"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-122"/>
        <location line="+123"/>
        <source>UUID</source>
        <translation>UUID</translation>
    </message>
    <message>
        <location line="-123"/>
        <location line="+124"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="-124"/>
        <location line="+115"/>
        <location line="+10"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="-125"/>
        <location line="+126"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="-126"/>
        <location line="+127"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="-127"/>
        <location line="+128"/>
        <source>OS</source>
        <translation>Betriebssystem</translation>
    </message>
    <message>
        <location line="-127"/>
        <location line="+128"/>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <location line="-128"/>
        <location line="+19"/>
        <location line="+111"/>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <location line="-130"/>
        <location line="+134"/>
        <source>Autostart</source>
        <translation>Autostart</translation>
    </message>
    <message>
        <location line="-134"/>
        <location line="+135"/>
        <source>Persistent</source>
        <translation>Persistent</translation>
    </message>
    <message>
        <location line="-135"/>
        <location line="+136"/>
        <source>Mirrored since</source>
        <translation>Gespiegelt seit</translation>
    </message>
    <message>
        <location line="-135"/>
        <location line="+136"/>
        <source>Last change</source>
        <translation>Letzte Änderung</translation>
    </message>
    <message>
        <location line="-136"/>
        <location line="+137"/>
        <source>Mirror</source>
        <translation>Spiegel</translation>
    </message>
    <message>
        <location line="-120"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Disk I/O</source>
        <translation>Datenträger-E/A</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Overview</source>
        <translation>&amp;Übersicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Performance</source>
        <translation>&amp;Leistung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Hardware</source>
        <translation>&amp;Hardware</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;XML</source>
        <translation>&amp;XML</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Events…</source>
        <translation>&amp;Ereignisse…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What Virtumancer did to this VM, and what changed outside it</source>
        <translation>Was Virtumancer an dieser VM getan hat und was sich außerhalb geändert hat</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>read</source>
        <translation>lesen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>write</source>
        <translation>schreiben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>in</source>
        <translation>empfangen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>out</source>
        <translation>gesendet</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 on %2 (gone)</source>
        <translation>%1 auf %2 (nicht mehr vorhanden)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no longer on host %1</source>
        <translation>nicht mehr auf Host %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 (current %2)</source>
        <translation>%1 (aktuell %2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no (transient)</source>
        <translation>nein (transient)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>host not connected; %1</source>
        <translation>Host nicht verbunden; %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>live</source>
        <translation>live</translation>
    </message>
    <message>
        <location line="-150"/>
        <location line="+170"/>
        <source>The domain XML could not be read: %1</source>
        <translation>Das Domänen-XML konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+37"/>
        <source>Manage many libvirt hosts.</source>
        <translation>Viele libvirt-Hosts verwalten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cache location.</source>
        <translation>Speicherort des Caches.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add (if new) and connect this libvirt URI; repeatable.</source>
        <translation>Diese libvirt-URI hinzufügen (falls neu) und verbinden; wiederholbar.</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+6"/>
        <location line="+21"/>
        <location line="+12"/>
        <source>Virtumancer</source>
        <translation>Virtumancer</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>The cache cannot be opened:
%1</source>
        <translation>Der Cache kann nicht geöffnet werden:
%1</translation>
    </message>
</context>
</TS>
