module termination-guard.test/tg-app

go 1.22
