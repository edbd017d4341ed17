from mentornet.cli import main

main()
