from mentornet.launch import main

main()
