/**
 * What to check first when each CloudTrail action fires: one plain sentence per action id, with no
 * "how soon" words (the urgency adds the when: "Act now.", "Today, …"). Apart from actions.ts
 * because the builder needs these only once someone edits a rule: it loads them on the first
 * interaction, which keeps /rules/ within its budget before editing. The command, the template
 * pages and the tests add them at once (words/index.ts).
 */
export const actionChecks: Readonly<Record<string, string>> = {
  'start-server':
    'Check that someone on the team meant to start this server, and that its size and place (region) are ones you use.',
  'restart-stopped-server':
    'Check who started the server again, and whether it was stopped on purpose, such as after a break-in.',
  'stop-server':
    'Check that the person who stopped the server looks after it, and that nothing your customers use went down with it.',
  'delete-server':
    'Check that the server was meant to go, and that its data has a backup or was no longer needed.',
  'change-server-settings':
    'Check what changed on the server, above all its start-up script (user data), which can run any command as the admin.',
  'list-servers':
    'Check whose keys listed the servers: a person or tool that has never done this before may be looking around.',
  'read-server-password':
    'Check who read the Windows server’s admin password, and that they look after that server.',
  'turn-on-serial-console':
    'Check who turned on the serial console, a way into servers that skips the network, and whether your team uses it.',
  'push-ssh-key':
    'Check who sent the SSH key and to which server, and that they usually sign in to that server.',
  'create-ssh-key':
    'Check who made the new SSH key pair, and where the private half of the key is kept.',
  'import-ssh-key':
    'Check whose SSH key was added, and that it belongs to someone on the team, not a stranger.',
  'share-server-image':
    'Check which accounts the server image was shared with, and that it is not shared with everyone (public).',
  'share-disk-snapshot':
    'Check which accounts can now read the disk copy, and that none of them is unknown or public.',
  'delete-disk-snapshot':
    'Check that the disk copy was an old one you meant to drop, and not your last backup.',
  'delete-disk':
    'Check that the disk was no longer used, and that its data has a backup if you still need it.',
  'open-firewall-port':
    'Check which port was opened and to which addresses; a port open to the whole internet needs a good reason.',
  'allow-outbound-traffic':
    'Check where servers in this firewall group may now send traffic, and that each new place is one you know.',
  'close-firewall-port':
    'Check that the port was closed on purpose, and that nothing you run stopped working because of it.',
  'create-firewall-group':
    'Check who made the firewall group and which ports it opens before any server uses it.',
  'delete-firewall-group':
    'Check that no server still needed the deleted firewall group, and who deleted it.',
  'create-network':
    'Check who made the new private network (VPC), and that it is in a place (region) your team uses.',
  'delete-network':
    'Check that the private network was empty and no longer used, and that its owner meant to delete it.',
  'change-network-settings':
    'Check which setting of the private network changed, such as how its servers look up names (DNS).',
  'connect-networks':
    'Check which two private networks were joined, and that the other one belongs to an account you know.',
  'disconnect-networks':
    'Check that the link between the two private networks was meant to go, and that nothing relied on it.',
  'turn-on-flow-logs':
    'Check where the network traffic logs are sent, and that the place is one your team owns.',
  'delete-flow-logs':
    'Check who turned off the network traffic logs: people who break in often hide their tracks this way.',
  'create-network-acl':
    'Check which private network the new access list is for, and what traffic its entries let in.',
  'delete-network-acl':
    'Check that no part of the network relied on the deleted access list to keep traffic out.',
  'change-network-acl':
    'Check which entry of the network access list changed, and whether it now lets in traffic from the whole internet.',
  'create-internet-gateway':
    'Check who made the internet gateway, and which of your private networks it is meant for.',
  'connect-to-internet':
    'Check that this private network was meant to reach the internet, and that its servers are not open to everyone.',
  'disconnect-from-internet':
    'Check that the private network was meant to lose its internet link, and that your services still work.',
  'change-office-gateway':
    'Check which office the VPN gateway points to, and that the address belongs to your company.',
  'change-route':
    'Check where the new route sends traffic, and that it does not send it out through a path you do not know.',
  'delete-route':
    'Check that the deleted route was no longer used, and that servers can still reach what they need.',
  'create-route-table':
    'Check which private network the new route table is for, and where its routes send traffic.',
  'delete-route-table':
    'Check that no subnet still used the deleted route table, and who deleted it.',
  'change-route-table-use':
    'Check which subnet now uses a different route table, and where that table sends its traffic.',
  'create-user':
    'Check that the new user is for a real person or tool you know, and who asked for it.',
  'delete-user':
    'Check that the user was meant to go, such as someone who left, and not someone covering their tracks.',
  'create-access-key':
    'Check whose access key was made and by whom; a key made for someone else can be a way back in.',
  'delete-access-key':
    'Check that the deleted access key was no longer used by any tool or script.',
  'switch-access-key':
    'Check which access key was turned on or off, and that the person it belongs to knows.',
  'set-console-password':
    'Check whose console password was set, and that it was set by that user or by an admin you know.',
  'remove-console-password':
    'Check that the user no longer needs to sign in to the console, and who removed their password.',
  'turn-off-mfa':
    'Check with the user that they turned off their second factor (MFA) themselves, for example to replace a lost phone.',
  'create-group':
    'Check what the new user group is for, and which permissions it will get.',
  'delete-group':
    'Check that the deleted user group was empty, and that no one lost the access they need.',
  'add-user-to-group':
    'Check which group the user joined and what it allows; joining an admin group gives full control.',
  'create-role':
    'Check who may use the new role (its trust policy), above all any account outside your own.',
  'delete-role':
    'Check that no service or tool still used the deleted role.',
  'change-role-trust':
    'Check who may now use the role, and that no account outside your company was added.',
  'give-user-policy':
    'Check which policy the user got; a broad one, such as full admin rights, needs a good reason.',
  'give-role-policy':
    'Check which policy the role got, and who can use the role, since they all get its permissions.',
  'give-group-policy':
    'Check which policy the group got, since every member of the group gets its permissions.',
  'take-away-policy':
    'Check that the policy was taken away on purpose, and that no person or tool lost access it needs.',
  'write-inline-permissions':
    'Check what the permissions written into the user, group or role allow; they do not show in the list of policies.',
  'delete-inline-permissions':
    'Check that the user, group or role that held the deleted permissions no longer needs them.',
  'create-policy':
    'Check what the new policy allows, and whether it gives more than the job needs.',
  'change-policy':
    'Check what the new version of the policy allows that the old one did not.',
  'delete-policy':
    'Check that no user, group or role still relied on the deleted policy or version.',
  'delete-sso-provider':
    'Check who removed the single sign-on (SSO) provider, and that people can still sign in the usual way.',
  'use-role':
    'Check who took on the role and from where, and that they usually use it.',
  'use-role-through-sso':
    'Check which person took on the role through single sign-on (SSO), and that the role fits their job.',
  'get-federation-token':
    'Check whose keys asked for the sign-in token, since such tokens keep working even when the keys are removed.',
  'get-session-token':
    'Check whose keys asked for the temporary keys, and that the request came from a place they usually work from.',
  'check-own-identity':
    'Check whose keys asked who they are; someone who found stolen keys often does this first.',
  'sign-in-to-console':
    'Check that the person who signed in meant to, from a place they usually work from, and used a second factor (MFA).',
  'make-console-link':
    'Check whose keys were turned into a console link, since it lets anyone with those keys use the web console.',
  'create-bucket':
    'Check who made the bucket and what it will hold, and that it blocks public access.',
  'delete-bucket':
    'Check that the bucket was meant to go, and that nothing you run still reads or writes to it.',
  'list-buckets':
    'Check whose keys listed the buckets; someone new to this account may be looking for data to take.',
  'change-bucket-policy':
    'Check what the bucket’s new access policy allows, and that it does not let everyone or strangers in.',
  'change-bucket-acl':
    'Check who the bucket’s access list now lets in, above all everyone (public) or other accounts.',
  'change-bucket-public-block':
    'Check that the bucket still blocks public access after the change.',
  'remove-bucket-public-block':
    'Check that the bucket really needs to be public, such as a website, and holds nothing private.',
  'change-bucket-cors':
    'Check which websites may now read the bucket from a browser, and that they are yours.',
  'change-bucket-lifecycle':
    'Check after how many days the bucket now deletes old files, and that no data you must keep is lost.',
  'change-bucket-replication':
    'Check where the bucket now copies its files, and that the place belongs to your company.',
  'change-bucket-encryption':
    'Check which key the bucket now uses to encrypt files, and who may use that key.',
  'remove-bucket-encryption':
    'Check who turned off the bucket’s default encryption, and whether it holds private data.',
  'change-bucket-logging':
    'Check that the bucket’s access logs still go to a bucket your team owns and reads.',
  'change-bucket-versioning':
    'Check whether the bucket stopped keeping old versions, which makes lost or changed files hard to get back.',
  'make-bucket-website':
    'Check that the bucket is meant to be a public website, and that it holds nothing private.',
  'stop-audit-log':
    'Check who turned off the audit log (CloudTrail); people who break in do this to hide what they do next.',
  'start-audit-log':
    'Check how long the audit log was off, and look at what happened in that gap.',
  'create-trail':
    'Check where the new trail sends its records, and that the bucket belongs to your company.',
  'delete-trail':
    'Check that another trail still records every region, and who deleted this one.',
  'change-trail':
    'Check where the trail now sends its records, and that it still covers every region.',
  'change-trail-events':
    'Check which events the trail no longer records, since gaps hide what people do.',
  'turn-off-guardduty':
    'Check who turned off GuardDuty in this account and place (region), and whether they had a reason.',
  'change-guardduty':
    'Check what changed in GuardDuty, such as how often it reports or whether it is still on.',
  'leave-guardduty-admin':
    'Check why this account left central GuardDuty, since your team no longer sees what it finds there.',
  'stop-guardduty-members':
    'Check which member accounts GuardDuty stopped watching, and who asked for it.',
  'add-guardduty-trusted-ips':
    'Check which addresses were added as trusted, since GuardDuty stops warning you about what they do.',
  'stop-config-recorder':
    'Check who stopped recording settings changes (Config), and what changed while it was off.',
  'delete-config-recorder':
    'Check who deleted the settings recorder, and whether the audit log was turned off as well.',
  'change-config-recorder':
    'Check which kinds of settings the recorder no longer records after the change.',
  'delete-config-delivery':
    'Check who stopped the record of settings changes from reaching its bucket, and whether the recorder still runs.',
  'change-config-delivery':
    'Check where the record of settings changes now goes, and that the bucket belongs to your company.',
  'create-key':
    'Check who made the encryption key and who may use it, above all any account outside your own.',
  'turn-off-key':
    'Check which data the turned-off encryption key protects, since that data cannot be read until the key is back on.',
  'delete-key':
    'Check what the key protects, since data locked with it is lost for good once the waiting time ends.',
  'change-key-policy':
    'Check who may now use the encryption key, and that no unknown account was added.',
  'read-secret':
    'Check who read the secret and that their job needs it; a person reading a secret a tool uses is odd.',
  'read-secrets-in-bulk':
    'Check whose keys read many secrets in one go, since this is how stolen keys are used to gather passwords.',
  'list-secrets':
    'Check whose keys listed the secrets, and that this person or tool has done it before.',
  'change-secret':
    'Check that the secret was changed on purpose, and that the apps using it still work.',
  'delete-secret':
    'Check that no app still needs the deleted secret, and that it can still be brought back if needed.',
  'change-secret-policy':
    'Check who may now read the secret, above all any account outside your own.',
  'create-function':
    'Check who made the function, what it does, and which role (permissions) it runs with.',
  'change-function-code':
    'Check that the new code came from your usual release process and not from a person by hand.',
  'change-function-settings':
    'Check what changed in the function’s settings, such as new layers or new values it reads when it runs.',
  'let-others-call-function':
    'Check which account or service may now call the function, and that it is not everyone.',
  'give-function-web-address':
    'Check whether the function’s new web address needs a sign-in, or lets anyone on the internet call it.',
  'leave-organization':
    'Check why the account left, since your organization’s guardrails and logs no longer cover it.',
  'remove-account':
    'Check which account was removed from your organization, and who asked for it.',
  'change-org-guardrails':
    'Check which guardrail policy (SCP) changed, and what it blocked before that is now allowed.',
  'invite-account':
    'Check that the invited account is one your company owns, and who sent the invite.',
  'run-command-on-servers':
    'Check what command was run and on which servers, and that it came from your usual tools.',
  'open-server-session':
    'Check who opened the shell and on which server, and that they look after that server.',
  'read-stored-settings':
    'Check whose keys read the stored settings, and whether any of them hold passwords.',
  'share-database-copy':
    'Check which accounts can now read the database copy, and that it is not shared with everyone.',
  'delete-dns-query-logs':
    'Check who turned off the DNS query logs, since they show which sites your servers talk to.',
  'delete-log-group':
    'Check which logs went with the group, and whether another copy of them is kept.',
  'stop-log-forwarding':
    'Check where the logs were being sent, and that the tool there still gets them.',
  'delete-or-mute-alarms':
    'Check which alarms went quiet, and that someone still watches what they watched.',
  'delete-alert-topic':
    'Check which alerts went through the topic, and that they still reach your team.',
  'switch-off-security-hub':
    'Check who switched off Security Hub or part of it, since your team no longer sees what it finds there.',
  'change-security-hub-automation':
    'Check what the automation rule does to new findings, such as hiding or closing them.',
  'delete-access-analyzer':
    'Check who deleted the analyzer, since it tells you what people outside your accounts can reach.',
  'delete-config-rules':
    'Check which settings checks were deleted, and that your team meant to stop them.',
  'stop-guardduty-export':
    'Check where GuardDuty sent its findings, and that your team still gets them.',
  'change-sign-in-provider':
    'Check which outside sign-in service can now let people into this account, and that your company runs it.',
  'change-password-rules':
    'Check that the password rules are still as strict as your team agreed.',
  'make-other-sign-in-secret':
    'Check which user got the new secret, and that they asked for it.',
  'remove-permissions-boundary':
    'Check which user or role lost its limit, and what it is allowed to do without it.',
  'turn-on-region':
    'Check that your team plans to use this place (region), since people who break in like places nobody watches.',
  'change-account-contacts':
    'Check that AWS still writes to people in your company about this account.',
  'unblock-public-disk-copies':
    'Check who lifted the block, and whether any disk copy is now shared with everyone.',
  'unblock-public-server-images':
    'Check who lifted the block, and whether any server image is now shared with everyone.',
  'create-or-change-database':
    'Check what changed on the database, above all whether it can now be reached from the internet.',
  'create-or-change-warehouse':
    'Check what changed on the data warehouse, above all whether it can now be reached from the internet.',
  'change-file-acl':
    'Check who can now read the file, and that it is not open to everyone.',
  'change-image-store-policy':
    'Check which accounts can now pull or push images, and that it is not everyone.',
  'create-public-image-store':
    'Check that your team meant to share these images with the whole world.',
  'copy-network-traffic':
    'Check where the copied traffic goes, and that your team owns that place.',
  'give-server-role':
    'Check which role the server now has, and what that role can do.',
  'unlock-domain':
    'Check that the domain name is meant to move, since whoever holds it controls your website and email.',
  'unlink-dns-query-logs':
    'Check which private network no longer logs its DNS queries, and who stopped it.',
  'delete-backup-copy':
    'Check that the backup copy was an old one you meant to drop, and that newer copies remain.',
  'delete-backup-vault':
    'Check that your data is still backed up by another plan, and who deleted this one.',
  'unlock-backup-vault':
    'Check who removed the lock or rule, since without it anyone who gets in can delete the backups.',
  'delete-database':
    'Check that the database was meant to go, and that a final copy of it was kept.',
  'delete-database-copy':
    'Check that the database copy was an old one you meant to drop, and not your last backup.',
  'stop-default-disk-encryption':
    'Check who changed this, since new disks in this place (region) are now stored without encryption.',
  'change-bucket-file-lock':
    'Check that the files are still locked for as long as your team agreed, so that nobody can delete them early.',
  'delete-imported-key-material':
    'Check which key lost its secret part, since data locked with that key cannot be read until it is brought back.',
};
