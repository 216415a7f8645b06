<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Virtumancer::AuditView</name>
    <message numerus="yes">
        <location filename="../widgets/audit/auditview.cpp" line="+78"/>
        <location line="+19"/>
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Virtumancer::ConnectionWizard</name>
    <message numerus="yes">
        <location filename="../widgets/wizards/connectionwizard.cpp" line="+100"/>
        <source>Connected: %1 (%2 %3, libvirt %4), %n domain(s).</source>
        <translation>
            <numerusform>Connected: %1 (%2 %3, libvirt %4), %n domain.</numerusform>
            <numerusform>Connected: %1 (%2 %3, libvirt %4), %n domains.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Virtumancer::MainWindow</name>
    <message numerus="yes">
        <location filename="../widgets/mainwindow/mainwindow.cpp" line="+361"/>
        <source>Delete the definition of %n virtual machine(s)? Their disks are kept.

%1</source>
        <translation>
            <numerusform>Delete the definition of %n virtual machine? Its disks are kept.

%1</numerusform>
            <numerusform>Delete the definitions of %n virtual machines? Their disks are kept.

%1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>%n of %1 action(s) failed.</source>
        <translation>
            <numerusform>%n of %1 actions failed.</numerusform>
            <numerusform>%n of %1 actions failed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+239"/>
        <source>%n VM(s) shown</source>
        <translation>
            <numerusform>%n VM shown</numerusform>
            <numerusform>%n VMs shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%1 of %n host(s) connected</source>
        <translation>
            <numerusform>%1 of %n host connected</numerusform>
            <numerusform>%1 of %n hosts connected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Virtumancer::TagsDialog</name>
    <message numerus="yes">
        <location filename="../widgets/dialogs/tagsdialog.cpp" line="+21"/>
        <source>Tags of %n VM(s)</source>
        <translation>
            <numerusform>Tags of %n VM</numerusform>
            <numerusform>Tags of %n VMs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Virtumancer::VolumeRegistryWindow</name>
    <message numerus="yes">
        <location filename="../widgets/volumes/volumeregistrywindow.cpp" line="+406"/>
        <source>%n volume(s) shown</source>
        <translation>
            <numerusform>%n volume shown</numerusform>
            <numerusform>%n volumes shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+108"/>
        <source>Overwrite the content of %n volume(s) with zeros? This cannot be undone.</source>
        <translation>
            <numerusform>Overwrite the content of %n volume with zeros? This cannot be undone.</numerusform>
            <numerusform>Overwrite the content of %n volumes with zeros? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <source>Delete %n volume(s) (%1 in all) and their data?</source>
        <translation>
            <numerusform>Delete %n volume (%1 in all) and its data?</numerusform>
            <numerusform>Delete %n volumes (%1 in all) and their data?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+43"/>
        <source>Delete %n orphan volume(s), %1 in all (%2 on disk)? They are attached to no VM; their data is lost.</source>
        <translation>
            <numerusform>Delete %n orphan volume, %1 in all (%2 on disk)? It is attached to no VM; its data is lost.</numerusform>
            <numerusform>Delete %n orphan volumes, %1 in all (%2 on disk)? They are attached to no VM; their data is lost.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+54"/>
        <source>%n of %1 job(s) failed.</source>
        <translation>
            <numerusform>%n of %1 jobs failed.</numerusform>
            <numerusform>%n of %1 jobs failed.</numerusform>
        </translation>
    </message>
</context>
</TS>
