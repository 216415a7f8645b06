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
    <name>Virtumancer::AddHardwareDialog</name>
    <message>
        <location filename="../widgets/dialogs/addhardwaredialog.cpp" line="+58"/>
        <source>&amp;Remember the password in the keyring</source>
        <translation>Passwort im Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add Hardware to %1</source>
        <translation>Hardware zu %1 hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Storage</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Network interface</source>
        <translation>Netzwerkschnittstelle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Graphics</source>
        <translation>Grafik</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sound</source>
        <translation>Sound</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Serial port</source>
        <translation>Serielle Schnittstelle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>USB redirection</source>
        <translation>USB-Umleitung</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A video adapter for the guest&apos;s display.</source>
        <translation>Ein Grafikadapter für die Anzeige des Gasts.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A sound card.</source>
        <translation>Eine Soundkarte.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A serial port on a host pseudo-terminal: the guest&apos;s ttyS0, for a text console.</source>
        <translation>Eine serielle Schnittstelle an einem Pseudoterminal des Hosts: ttyS0 des Gasts, für eine Textkonsole.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A USB redirection channel: USB devices of the computer showing the SPICE console can be passed to the guest.</source>
        <translation>Ein USB-Umleitungskanal: USB-Geräte des Rechners, der die SPICE-Konsole anzeigt, können an den Gast durchgereicht werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>a volume, or a path on the host</source>
        <translation>ein Volume oder ein Pfad auf dem Host</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Source:</source>
        <translation>&amp;Quelle:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Bus:</source>
        <translation>&amp;Bus:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Target:</source>
        <translation>&amp;Ziel:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Generate</source>
        <translation>&amp;Erzeugen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Connect to:</source>
        <translation>&amp;Verbinden mit:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;MAC address:</source>
        <translation>M&amp;AC-Adresse:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Virtumancer opens consoles through libvirt, so &quot;none&quot; or 127.0.0.1 is enough for it; other viewers need an address they can reach</source>
        <translation>Virtumancer öffnet Konsolen über libvirt, dafür genügt also &quot;none&quot; oder 127.0.0.1; andere Viewer brauchen eine Adresse, die sie erreichen können</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>none</source>
        <translation>keins</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Listen on:</source>
        <translation>&amp;Lauschen auf:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>M&amp;odel:</source>
        <translation>M&amp;odell:</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>outside any pool</source>
        <translation>außerhalb eines Pools</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (%2, %3, %4, %5)</source>
        <translation>%1 (%2, %3, %4, %5)</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Choose a volume or give the path of an image on the host.</source>
        <translation>Ein Volume auswählen oder den Pfad eines Abbilds auf dem Host angeben.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 is taken by another disk of this VM.</source>
        <translation>%1 ist bereits von einem anderen Datenträger dieser VM belegt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This VM has %1 attached already (as %2).</source>
        <translation>An diese VM ist %1 bereits angehängt (als %2).</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>USB redirection needs SPICE graphics: add those first.</source>
        <translation>USB-Umleitung braucht SPICE-Grafik: Diese zuerst hinzufügen.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Warning: another NIC on this host has the MAC address %1.</source>
        <translation>Warnung: Eine andere Netzwerkkarte auf diesem Host hat die MAC-Adresse %1.</translation>
    </message>
    <message>
        <location line="-222"/>
        <source>the volume&apos;s</source>
        <translation>vom Volume</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>libvirt knows the format of a pool&apos;s volumes; for an image in no pool, say what it is</source>
        <translation>libvirt kennt das Format der Volumes eines Pools; für ein Abbild außerhalb eines Pools hier angeben, was es ist</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>F&amp;ormat:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location line="+176"/>
        <source>%1 is in no storage pool: choose its format (raw or qcow2).</source>
        <translation>%1 liegt in keinem Speicherpool: Format auswählen (raw oder qcow2).</translation>
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
        <location filename="../widgets/wizards/connectionwizard.cpp" line="+29"/>
        <source>libvirt on this machine; no network involved.</source>
        <translation>libvirt auf diesem Rechner; kein Netzwerk beteiligt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Uses this computer&apos;s ssh program with your keys, ssh-agent and ~/.ssh/config; the host needs libvirt installed. An unknown host key is shown for you to confirm (and then remembered in ~/.ssh/known_hosts); a changed one is refused.</source>
        <translation>Verwendet das ssh-Programm dieses Rechners mit Ihren Schlüsseln, dem ssh-agent und ~/.ssh/config; auf dem Host muss libvirt installiert sein. Ein unbekannter Host-Schlüssel wird Ihnen zur Bestätigung gezeigt (und dann in ~/.ssh/known_hosts gespeichert); ein geänderter wird abgelehnt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>libvirt&apos;s built-in SSH client (libssh): key or agent authentication. Host keys are checked against ~/.config/libvirt/known_hosts, which must already hold the host&apos;s key (or name another file with ?known_hosts= in a custom URI).</source>
        <translation>Der eingebaute SSH-Client von libvirt (libssh): Anmeldung per Schlüssel oder Agent. Host-Schlüssel werden mit ~/.config/libvirt/known_hosts abgeglichen, das den Schlüssel des Hosts bereits enthalten muss (oder mit ?known_hosts= in einer eigenen URI eine andere Datei nennen).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Needs the CA certificate in /etc/pki/CA/cacert.pem and a client certificate signed by it in /etc/pki/libvirt/clientcert.pem with its key in /etc/pki/libvirt/private/clientkey.pem (as a normal user: ~/.pki/libvirt/); libvirtd must listen for TLS (port 16514).</source>
        <translation>Braucht das CA-Zertifikat in /etc/pki/CA/cacert.pem und ein davon signiertes Client-Zertifikat in /etc/pki/libvirt/clientcert.pem mit seinem Schlüssel in /etc/pki/libvirt/private/clientkey.pem (als normaler Benutzer: ~/.pki/libvirt/); libvirtd muss auf TLS lauschen (Port 16514).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Unencrypted: only on a network you trust. libvirtd must listen for TCP (port 16509); it asks for a SASL user name and password when so configured.</source>
        <translation>Unverschlüsselt: nur in einem Netz, dem Sie vertrauen. libvirtd muss auf TCP lauschen (Port 16509); wenn so eingerichtet, fragt es nach SASL-Benutzername und -Passwort.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Any libvirt URI, with parameters such as ?keyfile=, ?known_hosts= or ?pkipath=.</source>
        <translation>Eine beliebige libvirt-URI, mit Parametern wie ?keyfile=, ?known_hosts= oder ?pkipath=.</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+237"/>
        <source>Add Connection</source>
        <translation>Verbindung hinzufügen</translation>
    </message>
    <message numerus="yes">
        <location line="-226"/>
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
        <location line="+9"/>
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
        <location line="+81"/>
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
    <name>Virtumancer::ConsolePane</name>
    <message>
        <location filename="../widgets/console/consolepane.cpp" line="+74"/>
        <source>Reco&amp;nnect</source>
        <translation>Neu &amp;verbinden</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Co&amp;nnect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+319"/>
        <source>&amp;Retry</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <location line="-319"/>
        <source>Connect &amp;Host</source>
        <translation>&amp;Host verbinden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open Serial &amp;Terminal</source>
        <translation>Serielles &amp;Terminal öffnen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>The VM could not be started: %1</source>
        <translation>Die VM konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>%1 is no longer on host %2.</source>
        <translation>%1 ist nicht mehr auf Host %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Connecting to host %1…</source>
        <translation>Verbinde mit Host %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host %1 is not connected. The console opens once it is.</source>
        <translation>Host %1 ist nicht verbunden. Die Konsole öffnet sich, sobald er es ist.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Starting %1…</source>
        <translation>Starte %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Its console opens as soon as it runs.</source>
        <translation>Ihre Konsole öffnet sich, sobald sie läuft.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 has no graphical display. Add a VNC or SPICE display in the VM&apos;s details (Hardware tab, Add Hardware…), then restart the VM.</source>
        <translation>%1 hat keine grafische Anzeige. Fügen Sie in den Details der VM eine VNC- oder SPICE-Anzeige hinzu (Reiter Hardware, Hardware hinzufügen…) und starten Sie die VM neu.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It has a serial console.</source>
        <translation>Sie hat eine serielle Konsole.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1&apos;s display is of type &quot;%2&quot;, which has no embedded viewer here. Change it to VNC or SPICE in the VM&apos;s details (Hardware tab), or use a %2 client.</source>
        <translation>Die Anzeige von %1 hat den Typ „%2“, für den es hier keinen eingebetteten Viewer gibt. Stellen Sie sie in den Details der VM (Reiter Hardware) auf VNC oder SPICE um, oder verwenden Sie einen %2-Client.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The console of %1 is not connected.</source>
        <translation>Die Konsole von %1 ist nicht verbunden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connecting to the console of %1…</source>
        <translation>Verbinde mit der Konsole von %1…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The console of %1 refused the password.</source>
        <translation>Die Konsole von %1 hat das Passwort abgelehnt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The console of %1 was disconnected.</source>
        <translation>Die Verbindung zur Konsole von %1 wurde getrennt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The console of %1 was disconnected: %2</source>
        <translation>Die Verbindung zur Konsole von %1 wurde getrennt: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The console of %1 could not be opened.</source>
        <translation>Die Konsole von %1 konnte nicht geöffnet werden.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 is not running</source>
        <translation>%1 läuft nicht</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No graphical display</source>
        <translation>Keine grafische Anzeige</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No embedded viewer</source>
        <translation>Kein eingebetteter Viewer</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Authentication failed</source>
        <translation>Authentifizierung fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The console could not be opened</source>
        <translation>Die Konsole konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Host not connected</source>
        <translation>Host nicht verbunden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>VM not found</source>
        <translation>VM nicht gefunden</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Enter &amp;Password…</source>
        <translation>&amp;Passwort eingeben…</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>The console of %1 asks for a password.</source>
        <translation>Die Konsole von %1 verlangt ein Passwort.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Console Password</source>
        <translation>Konsolenpasswort</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Remember in keyring</source>
        <translation>Im Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No keyring service is available.</source>
        <translation>Kein Schlüsselbund-Dienst verfügbar.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Password for the console of %1:</source>
        <translation>Passwort für die Konsole von %1:</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Connecting to the serial console of %1…</source>
        <translation>Verbinde mit der seriellen Konsole von %1…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+6"/>
        <source>The serial console is not connected.</source>
        <translation>Die serielle Konsole ist nicht verbunden.</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>The serial console opens when %1 runs.</source>
        <translation>Die serielle Konsole öffnet sich, wenn %1 läuft.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The serial console is not connected: %1</source>
        <translation>Die serielle Konsole ist nicht verbunden: %1</translation>
    </message>
</context>
<context>
    <name>Virtumancer::ConsoleView</name>
    <message>
        <location filename="../widgets/console/consoleview.cpp" line="+48"/>
        <source>Press Ctrl+Alt to release</source>
        <translation>Strg+Alt drücken zum Freigeben</translation>
    </message>
</context>
<context>
    <name>Virtumancer::ConsoleWindow</name>
    <message>
        <location filename="../widgets/console/consolewindow.cpp" line="+41"/>
        <source>Send &amp;Key</source>
        <translation>Taste &amp;senden</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Ctrl+Alt+&amp;Del</source>
        <translation>Strg+Alt+&amp;Entf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Alt+&amp;Backspace</source>
        <translation>Strg+Alt+&amp;Rücktaste</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ctrl+Alt+F%1</source>
        <translation>Strg+Alt+F%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Print Screen</source>
        <translation>&amp;Druck</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>C&amp;onnect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Screens&amp;hot…</source>
        <translation>&amp;Bildschirmfoto…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close</source>
        <translation>S&amp;chließen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Scale to &amp;Fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;1:1</source>
        <translation>&amp;1:1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Resize Guest to Window</source>
        <translation>Gast an Fenster an&amp;passen</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Asks the guest to change its resolution to the window&apos;s size (SPICE with the guest agent, some VNC servers); scales to fit otherwise.</source>
        <translation>Bittet den Gast, seine Auflösung an die Fenstergröße anzupassen (SPICE mit Gast-Agent, manche VNC-Server); sonst wird eingepasst.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>F&amp;ullscreen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Grab Keyboard</source>
        <translation>&amp;Tastatur einfangen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sends every key to the guest; press Ctrl+Alt to release</source>
        <translation>Sendet jede Taste an den Gast; Strg+Alt gibt sie frei</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Serial Console</source>
        <translation>&amp;Serielle Konsole</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Console</source>
        <translation>&amp;Konsole</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Send Key</source>
        <translation>Taste senden</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 on %2 — Console</source>
        <translation>%1 auf %2 — Konsole</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>There is no picture to save.</source>
        <translation>Es gibt kein Bild zum Speichern.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+27"/>
        <source>%1 could not be written.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Save Screenshot</source>
        <translation>Bildschirmfoto speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Screenshot</source>
        <translation>Bildschirmfoto</translation>
    </message>
</context>
<context>
    <name>Virtumancer::CreateNetworkDialog</name>
    <message>
        <location filename="../widgets/dialogs/createnetworkdialog.cpp" line="+39"/>
        <source>&amp;Enable DHCP</source>
        <translation>&amp;DHCP aktivieren</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>New Virtual Network on %1</source>
        <translation>Neues virtuelles Netzwerk auf %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NAT</source>
        <translation>NAT</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Routed</source>
        <translation>Geroutet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Isolated</source>
        <translation>Isoliert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. lab</source>
        <translation>z. B. lab</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>chosen by libvirt (virbrN)</source>
        <translation>von libvirt gewählt (virbrN)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mode:</source>
        <translation>&amp;Modus:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Bridge:</source>
        <translation>&amp;Bridge:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>IPv4 &amp;address:</source>
        <translation>IPv4-&amp;Adresse:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DHCP &amp;range:</source>
        <translation>DHCP-Be&amp;reich:</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The network was not created: %1</source>
        <translation>Das Netzwerk wurde nicht erstellt: %1</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Enter a name for the network.</source>
        <translation>Einen Namen für das Netzwerk eingeben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the first and last address DHCP hands out, or turn DHCP off.</source>
        <translation>Die erste und letzte Adresse eingeben, die DHCP vergibt, oder DHCP ausschalten.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Host %1 already has a network named %2.</source>
        <translation>Host %1 hat bereits ein Netzwerk namens %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network %1 already uses the bridge %2.</source>
        <translation>Das Netzwerk %1 verwendet bereits die Bridge %2.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The subnet overlaps %1 of network %2.</source>
        <translation>Das Subnetz überschneidet sich mit %1 des Netzwerks %2.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Creating the network on %1…</source>
        <translation>Netzwerk wird auf %1 erstellt…</translation>
    </message>
</context>
<context>
    <name>Virtumancer::CreatePoolDialog</name>
    <message>
        <location filename="../widgets/dialogs/createpooldialog.cpp" line="+45"/>
        <source>Write a new partition table (blank disks only)</source>
        <translation>Neue Partitionstabelle schreiben (nur leere Datenträger)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New Storage Pool on %1</source>
        <translation>Neuer Speicherpool auf %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Directory</source>
        <translation>Verzeichnis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LVM volume group</source>
        <translation>LVM-Volume-Gruppe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Network file system</source>
        <translation>Netzwerkdateisystem</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>iSCSI target</source>
        <translation>iSCSI-Target</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Physical disk</source>
        <translation>Physischer Datenträger</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. images</source>
        <translation>z. B. images</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>host name or IP address</source>
        <translation>Hostname oder IP-Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. iqn.2024-01.com.example:storage</source>
        <translation>z. B. iqn.2024-01.com.example:storage</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+75"/>
        <source>e.g. /dev/sdb1 /dev/sdc1</source>
        <translation>z. B. /dev/sdb1 /dev/sdc1</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Type:</source>
        <translation>&amp;Typ:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source &amp;host:</source>
        <translation>Quell-&amp;Host:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export:</source>
        <translation>&amp;Export:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target &amp;IQN:</source>
        <translation>Target-&amp;IQN:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Volume group:</source>
        <translation>&amp;Volume-Gruppe:</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+62"/>
        <source>&amp;Devices:</source>
        <translation>&amp;Geräte:</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tar&amp;get path:</source>
        <translation>&amp;Zielpfad:</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The pool was not created: %1</source>
        <translation>Der Pool wurde nicht erstellt: %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. /dev/sdb</source>
        <translation>z. B. /dev/sdb</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the pool&apos;s name</source>
        <translation>der Name des Pools</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Physical volumes: given, the volume group is created on them; empty, the volume group must exist.</source>
        <translation>Physische Volumes: Sind welche angegeben, wird die Volume-Gruppe darauf angelegt; bleibt das Feld leer, muss die Volume-Gruppe bereits existieren.</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>e.g. /var/lib/libvirt/images</source>
        <translation>z. B. /var/lib/libvirt/images</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter a name for the pool.</source>
        <translation>Einen Namen für den Pool eingeben.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Host %1 already has a pool named %2.</source>
        <translation>Host %1 hat bereits einen Pool namens %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pool %1 already uses %2.</source>
        <translation>Pool %1 verwendet bereits %2.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Creating the pool on %1…</source>
        <translation>Pool wird auf %1 erstellt…</translation>
    </message>
</context>
<context>
    <name>Virtumancer::CreateVolumeDialog</name>
    <message>
        <location filename="../widgets/dialogs/createvolumedialog.cpp" line="+41"/>
        <source>Create Volume</source>
        <translation>Volume erstellen</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>MiB</source>
        <translation>MiB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GiB</source>
        <translation>GiB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TiB</source>
        <translation>TiB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. data.qcow2</source>
        <translation>z. B. data.qcow2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Pool:</source>
        <translation>&amp;Pool:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Capacity:</source>
        <translation>&amp;Kapazität:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Backing volume:</source>
        <translation>&amp;Basis-Volume:</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>(none)</source>
        <translation>(keins)</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>No connected host has an active storage pool.</source>
        <translation>Kein verbundener Host hat einen aktiven Speicherpool.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host %1 has no active storage pool.</source>
        <translation>Host %1 hat keinen aktiven Speicherpool.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter a name for the volume.</source>
        <translation>Einen Namen für das Volume eingeben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The capacity &quot;%1&quot; is not a number.</source>
        <translation>Die Kapazität „%1“ ist keine Zahl.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Pool %1 already has a volume named %2.</source>
        <translation>Pool %1 hat bereits ein Volume namens %2.</translation>
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
        <location filename="../widgets/details/hostdetailswindow.cpp" line="+130"/>
        <location line="+3"/>
        <location line="+14"/>
        <location line="+232"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-249"/>
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
        <location line="+0"/>
        <source>VMs</source>
        <translation>VMs</translation>
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
        <source>Usage</source>
        <translation>Belegung</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+237"/>
        <source>Host %1</source>
        <translation>Host %1</translation>
    </message>
    <message>
        <location line="-231"/>
        <location line="+235"/>
        <source>URI</source>
        <translation>URI</translation>
    </message>
    <message>
        <location line="-235"/>
        <location line="+236"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location line="-236"/>
        <location line="+239"/>
        <source>Hostname</source>
        <translation>Hostname</translation>
    </message>
    <message>
        <location line="-239"/>
        <location line="+240"/>
        <source>Hypervisor</source>
        <translation>Hypervisor</translation>
    </message>
    <message>
        <location line="-239"/>
        <location line="+242"/>
        <source>libvirt</source>
        <translation>libvirt</translation>
    </message>
    <message>
        <location line="-242"/>
        <location line="+243"/>
        <source>CPUs</source>
        <translation>CPUs</translation>
    </message>
    <message>
        <location line="-243"/>
        <location line="+12"/>
        <location line="+232"/>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <location line="-244"/>
        <location line="+245"/>
        <source>Last connected</source>
        <translation>Zuletzt verbunden</translation>
    </message>
    <message>
        <location line="-245"/>
        <location line="+246"/>
        <source>Last sync</source>
        <translation>Letzte Synchronisierung</translation>
    </message>
    <message>
        <location line="-245"/>
        <location line="+33"/>
        <location line="+213"/>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <location line="-238"/>
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
        <location line="+3"/>
        <source>New &amp;Pool…</source>
        <translation>Neuer &amp;Pool…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Net&amp;work…</source>
        <translation>Neues Netz&amp;werk…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The cache could not be read: %1</source>
        <translation>Der Cache konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location line="+45"/>
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
        <location line="+18"/>
        <source>&amp;New Network…</source>
        <translation>&amp;Neues Netzwerk…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;New Pool…</source>
        <translation>&amp;Neuer Pool…</translation>
    </message>
    <message>
        <location line="+80"/>
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
        <location line="+23"/>
        <source>No VM is attached to %1.</source>
        <translation>An %1 ist keine VM angeschlossen.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 of %2 (%3 %)</source>
        <translation>%1 von %2 (%3 %)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 used, %2 available of %3</source>
        <translation>%1 belegt, %2 von %3 verfügbar</translation>
    </message>
    <message>
        <location line="+6"/>
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
        <location filename="../widgets/mainwindow/rowdelegates.cpp" line="+136"/>
        <source>syncing %1 of %2</source>
        <translation>synchronisiere %1 von %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>syncing…</source>
        <translation>synchronisiere…</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+3"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>Virtumancer::MainWindow</name>
    <message>
        <location filename="../widgets/mainwindow/mainwindow.cpp" line="+56"/>
        <source>Virtumancer</source>
        <translation>Virtumancer</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Search: name, state:running, host:lab, tag:prod, vcpus:&gt;2, mem:&gt;=4GiB, -state:shutoff</source>
        <translation>Suche: Name, state:running, host:lab, tag:prod, vcpus:&gt;2, mem:&gt;=4GiB, -state:shutoff</translation>
    </message>
    <message>
        <location line="+68"/>
        <location line="+304"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="-297"/>
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
        <location line="+19"/>
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
        <source>&amp;Console</source>
        <translation>&amp;Konsole</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opens the console of the selected VM (or double-click it)</source>
        <translation>Öffnet die Konsole der gewählten VM (oder Doppelklick darauf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Audit &amp;Log</source>
        <translation>Audit-Pr&amp;otokoll</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Volumes…</source>
        <translation>Vol&amp;umes…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Preferences…</source>
        <translation>E&amp;instellungen…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Edit &amp;Tags…</source>
        <translation>&amp;Tags bearbeiten…</translation>
    </message>
    <message>
        <location line="+90"/>
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
        <location line="+44"/>
        <source>SSH host key changed</source>
        <translation>SSH-Host-Schlüssel geändert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The SSH host key of %1 is not the one accepted before. The connection was refused: someone could be intercepting it. Virtumancer does not retry on its own.</source>
        <translation>Der SSH-Host-Schlüssel von %1 ist nicht der zuvor akzeptierte. Die Verbindung wurde abgelehnt: Jemand könnte sie abfangen. Virtumancer versucht es nicht von selbst erneut.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>SSH login refused</source>
        <translation>SSH-Anmeldung abgelehnt</translation>
    </message>
    <message>
        <location line="+131"/>
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
    <name>Virtumancer::PreferencesDialog</name>
    <message>
        <location filename="../widgets/dialogs/preferencesdialog.cpp" line="+19"/>
        <source>Allow &amp;editing the domain XML in the VM details window</source>
        <translation>&amp;Bearbeiten des Domänen-XML im VM-Detailfenster erlauben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>libvirt checks the edited XML when it is applied; a rejected change leaves the VM as it was.</source>
        <translation>libvirt prüft das bearbeitete XML beim Anwenden; eine abgelehnte Änderung lässt die VM unverändert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Virtual machines</source>
        <translation>Virtuelle Maschinen</translation>
    </message>
</context>
<context>
    <name>Virtumancer::SerialTerminal</name>
    <message>
        <location filename="../widgets/console/serialterminal.cpp" line="+437"/>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Paste</source>
        <translation>&amp;Einfügen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>C&amp;lear</source>
        <translation>&amp;Leeren</translation>
    </message>
</context>
<context>
    <name>Virtumancer::SshPromptDialog</name>
    <message>
        <location filename="../widgets/dialogs/sshpromptdialog.cpp" line="+36"/>
        <source>Unknown SSH host key</source>
        <translation>Unbekannter SSH-Host-Schlüssel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The SSH host you are connecting to is not known yet.</source>
        <translation>Der SSH-Host, mit dem Sie sich verbinden, ist noch nicht bekannt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The SSH host %1 is not known yet.</source>
        <translation>Der SSH-Host %1 ist noch nicht bekannt.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 key fingerprint:
%2</source>
        <translation>%1-Schlüssel-Fingerabdruck:
%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Accept the key only if this fingerprint matches the host&apos;s own, obtained in a way you trust (for example, on the host: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). An accepted key is added to your known_hosts file and checked on every later connection; if it ever changes, the connection is refused.</source>
        <translation>Akzeptieren Sie den Schlüssel nur, wenn dieser Fingerabdruck mit dem des Hosts übereinstimmt, den Sie auf einem vertrauenswürdigen Weg erhalten haben (zum Beispiel auf dem Host: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). Ein akzeptierter Schlüssel wird in Ihre known_hosts-Datei eingetragen und bei jeder späteren Verbindung geprüft; ändert er sich jemals, wird die Verbindung abgelehnt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Accept and &amp;Remember</source>
        <translation>Akzeptieren und &amp;merken</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Confirm SSH request</source>
        <translation>SSH-Anfrage bestätigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+13"/>
        <source>SSH (connecting to %1) asks:</source>
        <translation>SSH (Verbindung zu %1) fragt:</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>SSH key passphrase</source>
        <translation>Passphrase des SSH-Schlüssels</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SSH password</source>
        <translation>SSH-Passwort</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SSH question</source>
        <translation>SSH-Frage</translation>
    </message>
</context>
<context>
    <name>Virtumancer::StaleRowDelegate</name>
    <message>
        <location filename="../widgets/mainwindow/rowdelegates.cpp" line="-68"/>
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
        <location filename="../widgets/details/vmdetailswindow.cpp" line="+162"/>
        <location line="+219"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="-219"/>
        <location line="+220"/>
        <source>UUID</source>
        <translation>UUID</translation>
    </message>
    <message>
        <location line="-220"/>
        <location line="+221"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="-221"/>
        <location line="+209"/>
        <location line="+13"/>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <location line="-222"/>
        <location line="+223"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="-223"/>
        <location line="+224"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="-224"/>
        <location line="+225"/>
        <source>OS</source>
        <translation>Betriebssystem</translation>
    </message>
    <message>
        <location line="-224"/>
        <location line="+225"/>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <location line="-225"/>
        <location line="+64"/>
        <location line="+163"/>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <location line="-227"/>
        <location line="+231"/>
        <source>Autostart</source>
        <translation>Autostart</translation>
    </message>
    <message>
        <location line="-231"/>
        <location line="+232"/>
        <source>Persistent</source>
        <translation>Persistent</translation>
    </message>
    <message>
        <location line="-232"/>
        <location line="+233"/>
        <source>Mirrored since</source>
        <translation>Gespiegelt seit</translation>
    </message>
    <message>
        <location line="-232"/>
        <location line="+233"/>
        <source>Last change</source>
        <translation>Letzte Änderung</translation>
    </message>
    <message>
        <location line="-233"/>
        <location line="+234"/>
        <source>Mirror</source>
        <translation>Spiegel</translation>
    </message>
    <message>
        <location line="-215"/>
        <source>&amp;Add Hardware…</source>
        <translation>Hardware hin&amp;zufügen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Remove</source>
        <translation>Ent&amp;fernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;ject</source>
        <translation>A&amp;uswerfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Insert Media…</source>
        <translation>Medium ei&amp;nlegen…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+10"/>
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
        <source>&amp;Settings</source>
        <translation>Ein&amp;stellungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Hardware</source>
        <translation>&amp;Hardware</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Reading the configuration</source>
        <translation>Lesen der Konfiguration</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Applying the XML</source>
        <translation>Anwenden des XML</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;XML</source>
        <translation>&amp;XML</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Conso&amp;le</source>
        <translation>&amp;Konsole</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Eve&amp;nts…</source>
        <translation>&amp;Ereignisse…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What Virtumancer did to this VM, and what changed outside it</source>
        <translation>Was Virtumancer an dieser VM getan hat und was sich außerhalb geändert hat</translation>
    </message>
    <message>
        <location line="+70"/>
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
        <location line="+9"/>
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
        <location line="+76"/>
        <location line="+3"/>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Editing the persistent configuration; libvirt checks it when applied.</source>
        <translation>Die persistente Konfiguration wird bearbeitet; libvirt prüft sie beim Anwenden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The configuration could not be read: %1</source>
        <translation>Die Konfiguration konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not applied: %1</source>
        <translation>Nicht angewendet: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved; the running VM takes it when it restarts.</source>
        <translation>Gespeichert; die laufende VM übernimmt die Änderung beim Neustart.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: saved; applies after the VM restarts.</source>
        <translation>%1: gespeichert; wirkt nach dem Neustart der VM.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: done.</source>
        <translation>%1: erledigt.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Edit the VM&apos;s persistent configuration as XML</source>
        <translation>Die persistente Konfiguration der VM als XML bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turn on XML editing in Preferences first</source>
        <translation>Zuerst die XML-Bearbeitung in den Einstellungen einschalten</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Adding hardware</source>
        <translation>Hinzufügen von Hardware</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Remove Device</source>
        <translation>Gerät entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1 from %2?

A running guest must release the device; its configuration changes too.</source>
        <translation>%1 aus %2 entfernen?

Ein laufender Gast muss das Gerät freigeben; seine Konfiguration wird ebenfalls geändert.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Removing %1</source>
        <translation>Entfernen von %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Insert Media</source>
        <translation>Medium einlegen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image for %1 (a volume or a path on the host):</source>
        <translation>Abbild für %1 (ein Volume oder ein Pfad auf dem Host):</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ejecting %1</source>
        <translation>Auswerfen von %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inserting media into %1</source>
        <translation>Einlegen eines Mediums in %1</translation>
    </message>
    <message>
        <location line="-518"/>
        <location line="+272"/>
        <source>The domain XML could not be read: %1</source>
        <translation>Das Domänen-XML konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location line="-287"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;pply XML</source>
        <translation>XML &amp;anwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>Abb&amp;rechen</translation>
    </message>
    <message>
        <location line="+289"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Virtumancer::VmSettingsPage</name>
    <message>
        <location filename="../widgets/details/vmsettingspage.cpp" line="+31"/>
        <source>Hard disk</source>
        <translation>Festplatte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CD/DVD</source>
        <translation>CD/DVD</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network (PXE)</source>
        <translation>Netzwerk (PXE)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Floppy</source>
        <translation>Diskette</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Start the VM when the host starts</source>
        <translation>VM beim Start des Hosts starten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Move &amp;up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move do&amp;wn</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Revert</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Checked devices are tried in this order</source>
        <translation>Angehakte Geräte werden in dieser Reihenfolge versucht</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>v&amp;CPUs:</source>
        <translation>v&amp;CPUs:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Memory:</source>
        <translation>Arbeitss&amp;peicher:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ma&amp;ximum memory:</source>
        <translation>&amp;Maximaler Arbeitsspeicher:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Autostart:</source>
        <translation>Autostart:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Boot order:</source>
        <translation>Boot-&amp;Reihenfolge:</translation>
    </message>
    <message>
        <location line="+142"/>
        <source>Applying…</source>
        <translation>Wird angewendet…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not changed: %1</source>
        <translation>Nicht geändert: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Saved. Applies after the VM restarts: %1.%2</source>
        <translation>Gespeichert. Wirkt nach dem Neustart der VM: %1.%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Applied.</source>
        <translation>Angewendet.</translation>
    </message>
</context>
<context>
    <name>Virtumancer::VolumeRegistryWindow</name>
    <message>
        <location filename="../widgets/volumes/volumeregistrywindow.cpp" line="+84"/>
        <source>Volumes</source>
        <translation>Volumes</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Search: name, pool:default, format:qcow2, status:available, size:&gt;10GB, host:lab</source>
        <translation>Suche: Name, pool:default, format:qcow2, status:available, size:&gt;10GB, host:lab</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Orphans</source>
        <translation>Verwaiste</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Allocation</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;All Volumes</source>
        <translation>&amp;Alle Volumes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Orphans</source>
        <translation>&amp;Verwaiste</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Create…</source>
        <translation>&amp;Erstellen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Resize…</source>
        <translation>&amp;Größe ändern…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Wipe…</source>
        <translation>&amp;Überschreiben…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attach to &amp;VM…</source>
        <translation>An V&amp;M anhängen…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Attach %1</source>
        <translation>%1 anhängen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach as a disk of (a running VM gets it live):</source>
        <translation>Als Datenträger anhängen an (eine laufende VM erhält ihn sofort):</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>D&amp;etach…</source>
        <translation>A&amp;bhängen…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Detach %1</source>
        <translation>%1 abhängen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detach %1 from:</source>
        <translation>%1 abhängen von:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Upload…</source>
        <translation>&amp;Hochladen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+538"/>
        <source>Upload into %1</source>
        <translation>Hochladen in %1</translation>
    </message>
    <message>
        <location line="-532"/>
        <source>Dow&amp;nload…</source>
        <translation>He&amp;runterladen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Download %1</source>
        <translation>%1 herunterladen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Delete Orp&amp;hans…</source>
        <translation>Verwaiste lö&amp;schen…</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>The cache could not be read: %1</source>
        <translation>Der Cache konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: done</source>
        <translation>%1: erledigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: done (%2)</source>
        <translation>%1: erledigt (%2)</translation>
    </message>
    <message>
        <location line="+156"/>
        <source>All hosts</source>
        <translation>Alle Hosts</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Orphans (%1)</source>
        <translation>&amp;Verwaiste (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;All Volumes (%1)</source>
        <translation>&amp;Alle Volumes (%1)</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n volume(s) shown</source>
        <translation>
            <numerusform>%n Volume angezeigt</numerusform>
            <numerusform>%n Volumes angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>running %1 of %2 job(s)…</source>
        <translation>Auftrag %1 von %2 läuft…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1 (%2) is %3: attached to %4</source>
        <translation>%1 (%2) ist %3: angehängt an %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+238"/>
        <source>Volume in use</source>
        <translation>Volume in Verwendung</translation>
    </message>
    <message>
        <location line="-237"/>
        <source>%1 refused: only a volume attached to no VM can be changed this way. Detach it first.

%2</source>
        <translation>%1 abgelehnt: Nur ein Volume, das an keine VM angehängt ist, kann so geändert werden. Zuerst von der VM trennen.

%2</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>%1: new volume %2</source>
        <translation>%1: neues Volume %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+12"/>
        <source>Resize Volume</source>
        <translation>Volume-Größe ändern</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>New capacity of %1 (now %2; it can only grow), e.g. 20GiB:</source>
        <translation>Neue Kapazität von %1 (jetzt %2; sie kann nur wachsen), z. B. 20GiB:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;%1&quot; is not a size: %2</source>
        <translation>„%1“ ist keine Größe: %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it must be more than zero</source>
        <translation>sie muss größer als null sein</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Wipe</source>
        <translation>Überschreiben</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Wipe volumes</source>
        <translation>Volumes überschreiben</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Overwrite the content of %n volume(s) with zeros? This cannot be undone.</source>
        <translation>
            <numerusform>Den Inhalt von %n Volume mit Nullen überschreiben? Das kann nicht rückgängig gemacht werden.</numerusform>
            <numerusform>Den Inhalt von %n Volumes mit Nullen überschreiben? Das kann nicht rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+77"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="-74"/>
        <source>Delete volumes</source>
        <translation>Volumes löschen</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Delete %n volume(s) (%1 in all) and their data?</source>
        <translation>
            <numerusform>%n Volume (insgesamt %1) samt seinen Daten löschen?</numerusform>
            <numerusform>%n Volumes (insgesamt %1) samt ihren Daten löschen?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+27"/>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+17"/>
        <source>Delete orphans</source>
        <translation>Verwaiste löschen</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>There are no orphan volumes to delete.</source>
        <translation>Es gibt keine verwaisten Volumes zu löschen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The orphans listed are on hosts that are not connected: %1.</source>
        <translation>Die aufgeführten verwaisten Volumes liegen auf Hosts, die nicht verbunden sind: %1.</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>Delete %n orphan volume(s), %1 in all (%2 on disk)? They are attached to no VM; their data is lost.</source>
        <translation>
            <numerusform>%n verwaistes Volume löschen, insgesamt %1 (%2 auf dem Datenträger)? Es ist an keine VM angehängt; seine Daten gehen verloren.</numerusform>
            <numerusform>%n verwaiste Volumes löschen, insgesamt %1 (%2 auf dem Datenträger)? Sie sind an keine VM angehängt; ihre Daten gehen verloren.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Skipped (host not connected): %1</source>
        <translation>Übersprungen (Host nicht verbunden): %1</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 job(s) done, %2 failed</source>
        <translation>Aufträge erledigt: %1, fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Some volume jobs failed</source>
        <translation>Einige Volume-Aufträge sind fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n of %1 job(s) failed.</source>
        <translation>
            <numerusform>%n von %1 Aufträgen ist fehlgeschlagen.</numerusform>
            <numerusform>%n von %1 Aufträgen sind fehlgeschlagen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%1 is in use by %2, which is running: the copy may be inconsistent. Download it anyway?</source>
        <translation>%1 wird von %2 verwendet, die gerade läuft: Die Kopie kann inkonsistent sein. Trotzdem herunterladen?</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Uploading %1 into %2…</source>
        <translation>%1 wird in %2 hochgeladen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloading %1 into %2…</source>
        <translation>%1 wird nach %2 heruntergeladen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upload</source>
        <translation>Hochladen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Download of %1</source>
        <translation>Herunterladen von %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1: %2 in %3 s</source>
        <translation>%1: %2 in %3 s</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: cancelled</source>
        <translation>%1: abgebrochen</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Attaching %1</source>
        <translation>%1 wird angehängt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attaching %1…</source>
        <translation>%1 wird angehängt…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 is not a disk of that VM any more</source>
        <translation>%1 ist kein Datenträger dieser VM mehr</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Detaching %1 (%2 of %3)</source>
        <translation>%1 wird abgehängt (%2 von %3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detaching %1…</source>
        <translation>%1 wird abgehängt…</translation>
    </message>
    <message>
        <location line="-567"/>
        <location line="+495"/>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1: cancelled, the host was removed</source>
        <translation>%1: abgebrochen, der Host wurde entfernt</translation>
    </message>
</context>
<context>
    <name>Virtumancer::VolumeRowDelegate</name>
    <message>
        <location filename="../widgets/volumes/volumerowdelegate.cpp" line="+31"/>
        <source>Host %1 is not connected; showing the mirror %2.</source>
        <translation>Host %1 ist nicht verbunden; angezeigt wird der Spiegel, %2.</translation>
    </message>
</context>
<context>
    <name>VolumeListModel</name>
    <message>
        <location filename="../core/model/volumelistmodel.cpp" line="+46"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Allocation</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attachments</source>
        <translation>Angehängt an</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>Attached to %1</source>
        <translation>Angehängt an %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A disk outside any storage pool</source>
        <translation>Ein Datenträger außerhalb eines Speicherpools</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+42"/>
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
        <location line="+4"/>
        <source>Open the console of this VM (uuid, name or HOST/name) at start.</source>
        <translation>Öffnet beim Start die Konsole dieser VM (UUID, Name oder HOST/Name).</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+6"/>
        <location line="+21"/>
        <location line="+26"/>
        <location line="+23"/>
        <source>Virtumancer</source>
        <translation>Virtumancer</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>The cache cannot be opened:
%1</source>
        <translation>Der Cache kann nicht geöffnet werden:
%1</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>No console to open for &quot;%1&quot;: %2</source>
        <translation>Keine Konsole zu öffnen für „%1“: %2</translation>
    </message>
</context>
</TS>
