"""Message-like sample texts for speed measurement.

Written for this project (not taken from any corpus). Short IT-support
style messages of the kind commlint is meant to lint.
"""

MESSAGES = [
    "Hi Dana, the shared drive is back up. I restarted the file server at 2 pm "
    "and checked that the nightly backup finished. Let me know if you still "
    "can't open the budget folder.",
    "Hello team, we will patch the VPN gateway tonight between 10 pm and midnight. "
    "Please save your work and log off before 9:45 pm.",
    "Your password expires in three days. Change it from the self-service portal "
    "and don't reuse any of your last five passwords.",
    "Thanks for reporting the printer issue on the third floor. A technician is on "
    "the way and should be there within the hour.",
    "I've reset your MFA token. Open the authenticator app, scan the new QR code "
    "and enter the six-digit code to finish enrolment.",
    "Restart your laptop and try connecting to the Wi-Fi again. If the error comes "
    "back, send me a screenshot of the message.",
    "The email outage this morning was caused by an expired certificate on the "
    "mail relay. We renewed it at 8:15 and mail is flowing normally again.",
    "Hi Marco, your new monitor has arrived. You can pick it up from the service "
    "desk any time after lunch.",
    "Please do not click the link in the message titled 'Invoice overdue'. It is a "
    "phishing attempt and we have blocked the sender.",
    "We are migrating the ticketing system on Friday. Open tickets will be moved "
    "automatically, but attachments larger than 20 MB need to be re-uploaded.",
    "Your request for admin rights was approved by your manager. The change takes "
    "effect after you sign out and sign back in.",
    "The Outlook add-in keeps crashing because of an outdated version. I pushed the "
    "update to your machine, so it should install at the next reboot.",
    "Good morning, the conference room display was not detecting HDMI input. I "
    "replaced the cable and tested it with two laptops.",
    "Could you tell me which version of the accounting software you are running? "
    "You can find it under Help, then About.",
    "Your files were restored from yesterday's snapshot. Anything you changed after "
    "6 pm yesterday may need to be redone.",
    "We noticed unusual sign-in activity on your account from another country, so "
    "we locked it as a precaution. Call the service desk to unlock it.",
    "The scheduled maintenance on the database cluster finished early. All services "
    "are available and no data was lost.",
    "Hi Priya, I installed the Python runtime and the drivers for the lab scanner. "
    "Reboot once before you run the calibration tool.",
    "Sorry for the delay on this ticket. The vendor confirmed the bug and expects to "
    "ship a fix in next week's release.",
    "Your mailbox is almost full. Archive old messages or empty the Deleted Items "
    "folder to free up space.",
    "The guest Wi-Fi password changes every Monday. This week's password is posted at reception.",
    "I closed ticket 4821 because the laptop was replaced. Reopen it if the docking "
    "station still doesn't charge the new machine.",
]
